package format

import "strconv"

// Plural is the noun as English wants it after n: one for 1, many
// otherwise (0 rows, 1 row, 2 rows).
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count is n and its noun: "1 row", "2 rows".
func Count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + Plural(n, one, many)
}
