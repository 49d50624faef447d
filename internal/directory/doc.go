// Package directory holds the rules of the directory of services: what an
// organisation offers (a fixed vocabulary of services, each for some
// populations), where it works and in which role (source, transit,
// destination), the languages it works in, its opening hours, its capacity
// and whether it accepts referrals now. It does no I/O: the store keeps a
// Profile per organisation and calls Validate before every write; pages, the
// API, the commands and HSDS files only translate to and from these types.
//
// Referrals ask one question of it: Offers(profile, service) says whether the
// receiver offers that service and accepts referrals now, and if not, why (a
// Reason that is also a valid rule id, so a refusal names the field and the
// rule like any other bad input).
//
// The vocabulary is codes only; their names in each language are in the
// message catalogue ("directory.service.<code>", "directory.population.<code>",
// "directory.role.<code>", "directory.day.<code>").
package directory
