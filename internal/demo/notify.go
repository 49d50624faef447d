package demo

// NotifyRunName is the name of the linkage run the demonstration's
// coordinator proposes to Benin City and Lyon, so that their
// administrators find an invitation among their notifications.
const NotifyRunName = "Corridor Benin City–Lyon, arrivées 2025 (démo)"
