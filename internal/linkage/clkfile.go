package linkage

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"unicode/utf8"
)

// The .clk file format, version 1 (all integers little-endian):
//
//	magic     8 bytes  "PSLNKCLK"
//	version   uint16   1
//	bits      uint32   bits per encoding, a multiple of 128
//	settings  16 bytes settings fingerprint (Settings.Fingerprint)
//	key       16 bytes key fingerprint (KeyFingerprint): keyed, reveals nothing of the secret
//	flags     uint16   bit 0: balanced encodings (they need a higher threshold); other bits 0
//	party     uint16 length + UTF-8 name of the encoding organisation (may be empty, <= 255 bytes)
//	count     uint64   number of records
//	records   count x (uvarint id length 1..255, id bytes, bits/8 bytes of the filter, word 0 first)
//	checksum  32 bytes SHA-256 of everything above
//
// Readers refuse a wrong magic, another version, bad lengths, repeated ids,
// trailing bytes and a checksum mismatch.
const (
	clkMagic   = "PSLNKCLK"
	clkVersion = 1
	MaxIDLen   = 255
	maxParty   = 255
)

// Header identifies how a set of encodings was made.
type Header struct {
	Bits     int
	Settings [16]byte
	Key      [16]byte
	Balanced bool // encodings are balanced (popcount Bits/2)
	Party    string
}

// Encodings is one party's records: ids and their filters, row after row.
type Encodings struct {
	Header
	IDs  []string
	Flat []uint64 // len(IDs) * Bits/64 words
}

// Words is the number of uint64 words per encoding.
func (e *Encodings) Words() int { return e.Bits / 64 }

// Vector returns encoding i.
func (e *Encodings) Vector(i int) []uint64 { w := e.Words(); return e.Flat[i*w : (i+1)*w] }

// WriteCLK writes e in the .clk format.
func WriteCLK(w io.Writer, e *Encodings) error {
	h := sha256.New()
	bw := bufio.NewWriter(io.MultiWriter(w, h))
	var b [8]byte
	bw.WriteString(clkMagic)
	binary.LittleEndian.PutUint16(b[:2], clkVersion)
	bw.Write(b[:2])
	binary.LittleEndian.PutUint32(b[:4], uint32(e.Bits))
	bw.Write(b[:4])
	bw.Write(e.Settings[:])
	bw.Write(e.Key[:])
	var flags uint16
	if e.Balanced {
		flags |= 1
	}
	binary.LittleEndian.PutUint16(b[:2], flags)
	bw.Write(b[:2])
	if len(e.Party) > maxParty {
		return fmt.Errorf("party name longer than %d bytes", maxParty)
	}
	binary.LittleEndian.PutUint16(b[:2], uint16(len(e.Party)))
	bw.Write(b[:2])
	bw.WriteString(e.Party)
	binary.LittleEndian.PutUint64(b[:], uint64(len(e.IDs)))
	bw.Write(b[:])
	words := e.Words()
	for i, id := range e.IDs {
		if len(id) == 0 || len(id) > MaxIDLen {
			return fmt.Errorf("record %d: id length %d outside 1..%d", i+1, len(id), MaxIDLen)
		}
		n := binary.PutUvarint(b[:], uint64(len(id)))
		bw.Write(b[:n])
		bw.WriteString(id)
		for _, x := range e.Flat[i*words : (i+1)*words] {
			binary.LittleEndian.PutUint64(b[:], x)
			bw.Write(b[:])
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(h.Sum(nil))
	return err
}

// ReadCLK reads a .clk file; name is used in error messages.
func ReadCLK(r io.Reader, name string) (*Encodings, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, causeErr("io.read", kv{"File": name}, err)
	}
	return ParseCLK(data, name)
}

// ParseCLK parses the bytes of a .clk file.
func ParseCLK(data []byte, name string) (*Encodings, error) {
	corrupt := func(part string, p kv) error {
		return errf("clk.corrupt", kv{"File": name, "Part": msg("clk.part."+part, p)})
	}
	if len(data) < len(clkMagic) || string(data[:len(clkMagic)]) != clkMagic {
		return nil, errf("clk.magic", kv{"File": name})
	}
	const fixed = 8 + 2 + 4 + 16 + 16 + 2 + 2
	if len(data) < fixed+8+sha256.Size {
		return nil, corrupt("short", nil)
	}
	if v := binary.LittleEndian.Uint16(data[8:]); v != clkVersion {
		return nil, errf("clk.version", kv{"File": name, "Version": v, "Supported": clkVersion})
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if want := sha256.Sum256(body); !bytes.Equal(want[:], sum) {
		return nil, corrupt("checksum", nil)
	}
	e := &Encodings{}
	e.Bits = int(binary.LittleEndian.Uint32(data[10:]))
	if e.Bits < 128 || e.Bits > 65536 || e.Bits%128 != 0 {
		return nil, corrupt("bits", nil)
	}
	copy(e.Settings[:], data[14:30])
	copy(e.Key[:], data[30:46])
	flags := binary.LittleEndian.Uint16(data[46:])
	if flags&^1 != 0 {
		return nil, corrupt("flags", nil)
	}
	e.Balanced = flags&1 != 0
	plen := int(binary.LittleEndian.Uint16(data[48:]))
	p := body[fixed:]
	if plen > maxParty || len(p) < plen+8 {
		return nil, corrupt("party", nil)
	}
	if !utf8.Valid(p[:plen]) {
		return nil, corrupt("party_utf8", nil)
	}
	e.Party = string(p[:plen])
	p = p[plen:]
	count := binary.LittleEndian.Uint64(p)
	p = p[8:]
	vecBytes := e.Bits / 8
	if count > uint64(len(p)/(2+vecBytes)) {
		return nil, corrupt("count", nil)
	}
	words := e.Words()
	e.IDs = make([]string, 0, count)
	e.Flat = make([]uint64, 0, int(count)*words)
	seen := make(map[string]struct{}, count)
	for i := uint64(0); i < count; i++ {
		n, k := binary.Uvarint(p)
		if k <= 0 || n == 0 || n > MaxIDLen || uint64(len(p)-k) < n+uint64(vecBytes) {
			return nil, corrupt("record", kv{"Record": i + 1})
		}
		id := string(p[k : k+int(n)])
		if _, dup := seen[id]; dup {
			return nil, errf("clk.dupid", kv{"File": name})
		}
		seen[id] = struct{}{}
		e.IDs = append(e.IDs, id)
		p = p[k+int(n):]
		for w := 0; w < words; w++ {
			e.Flat = append(e.Flat, binary.LittleEndian.Uint64(p[8*w:]))
		}
		p = p[vecBytes:]
	}
	if len(p) != 0 {
		return nil, corrupt("trailing", nil)
	}
	if count == 0 {
		return nil, errf("clk.empty", kv{"File": name})
	}
	return e, nil
}

// Compatible refuses to mix encodings made with different lengths, settings
// or secrets; names label the inputs in messages.
func Compatible(encs []*Encodings, names []string) error {
	for i := 1; i < len(encs); i++ {
		a, b := encs[0], encs[i]
		switch {
		case a.Bits != b.Bits:
			return errf("clk.bits", kv{"File": names[i], "Bits": b.Bits, "Other": names[0], "OtherBits": a.Bits})
		case a.Settings != b.Settings:
			return errf("clk.settings", kv{"File": names[i], "Other": names[0]})
		case a.Key != b.Key:
			return errf("clk.key", kv{"File": names[i], "Other": names[0]})
		}
	}
	return nil
}
