package main

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
)

// sqlFilter is the WHERE part shared by the SQL engines: title and country
// lists and watch dates, with wd naming the engine's watch date expression
// and date turning a YYYY-MM-DD bound into a value it compares with wd.
func sqlFilter(q query, wd string, date func(string) (any, error)) (string, []any, error) {
	var conds []string
	var args []any
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		conds = append(conds, col+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	in("title", q.titles)
	in("country", q.countries)
	for _, b := range []struct{ op, v string }{{">=", q.from}, {"<=", q.to}} {
		if b.v == "" {
			continue
		}
		v, err := date(b.v)
		if err != nil {
			return "", nil, err
		}
		conds = append(conds, fmt.Sprintf("%s %s ?", wd, b.op))
		args = append(args, v)
	}
	if len(conds) == 0 {
		return "TRUE", nil, nil
	}
	return strings.Join(conds, " AND "), args, nil
}

// sqlQuote quotes a string literal (zone names are checked IANA names).
func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// decString normalises an exact value scaled by 10^-scale.
func decString(v *big.Int, scale int32) string {
	return decimal.NewFromBigInt(v, -scale).String()
}
