package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Every value an account keeps (raw blocks, column segments, dictionary
// names, file records, coverage, its settings) ends in a CRC32C of its key
// and its bytes: a damaged page is then an error naming what it held, not a
// panic or a total that is silently wrong. The key takes part so that a
// value read under a damaged key (a column segment moved to another month)
// fails too. The checksum sits around the encoding, never inside it, so
// that a value's format can change without touching it.
const sealBytes = 4

// castagnoli is the CRC32C table; crc32 computes it in hardware where it can.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func checksum(key, payload []byte) uint32 {
	return crc32.Update(crc32.Checksum(key, castagnoli), castagnoli, payload)
}

// seal appends the checksum of key and payload to payload.
func seal(key, payload []byte) []byte {
	return binary.LittleEndian.AppendUint32(payload, checksum(key, payload))
}

// unseal returns the payload of a sealed value, or ok false when the value
// is too short or its checksum does not match.
func unseal(key, v []byte) (payload []byte, ok bool) {
	if len(v) < sealBytes {
		return nil, false
	}
	payload = v[:len(v)-sealBytes]
	return payload, binary.LittleEndian.Uint32(v[len(payload):]) == checksum(key, payload)
}

// damage is ErrCorrupt naming the account and the part of it that is
// damaged, e.g. "raw block 2024-03/7".
type damage struct {
	account string
	part    string
	why     string // optional detail: "checksum mismatch", …
	// derived is set for data the raw line items can rebuild: column
	// segments and final-report coverage.
	derived bool
}

func (e *damage) Error() string {
	s := fmt.Sprintf("account %q: %s is damaged", e.account, e.part)
	if e.why != "" {
		s += " (" + e.why + ")"
	}
	return s + ": " + ErrCorrupt.Error()
}

func (e *damage) Is(target error) bool { return target == ErrCorrupt }

// damaged builds the error for a part of the account.
func (a *account) damaged(part, why string) error {
	return &damage{account: a.name, part: part, why: why}
}

// damagedDerived builds the error for derived data (see damage.derived).
func (a *account) damagedDerived(part, why string) error {
	return &damage{account: a.name, part: part, why: why, derived: true}
}

// namedDamage adds the account's name to a decoding error that lacks it.
func (a *account) namedDamage(part string, err error) error {
	var d *damage
	if errors.As(err, &d) {
		return err
	}
	return a.damaged(part, err.Error())
}

// unsealed opens a value of the account, or returns its damage.
func (a *account) unsealed(part string, key, v []byte) ([]byte, error) {
	p, ok := unseal(key, v)
	if !ok {
		return nil, a.damaged(part, "checksum mismatch")
	}
	return p, nil
}

// blockName names raw block i of a month, as errors show it.
func blockName(m Month, i int) string { return fmt.Sprintf("raw block %s/%d", m, i) }

// decodeBlock decodes the rows of raw block i of a month (its payload,
// unsealed), refusing names the account does not have.
func (a *account) decodeBlock(m Month, i int, payload []byte) ([]decodedRow, error) {
	var rows []decodedRow
	r := rowReader{b: payload}
	for len(r.b) > 0 {
		d, err := r.readRow()
		if err != nil {
			return nil, a.namedDamage(blockName(m, i), err)
		}
		if int(d.title) >= len(a.titles.names) || int(d.channel) >= len(a.channels.names) || int(d.country) > len(countryTable) {
			return nil, a.damaged(blockName(m, i), "a row names an unknown title, channel or country")
		}
		rows = append(rows, d)
	}
	return rows, nil
}
