package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// panel draws body inside a rounded border of exactly w×h cells with the
// title set into the top edge. Focus is shown by colour and by a marker, so
// it survives NO_COLOR.
func panel(s *Styles, title string, focused bool, w, h int, body string) string {
	if w < 4 || h < 2 {
		return ""
	}
	bs, ts := s.Border, s.Title
	mark := " "
	if focused {
		bs, ts, mark = s.FocusBorder, s.FocusTitle, "▶"
	}
	inner := w - 2
	head := mark + title + " "
	if ansi.StringWidth(head) > inner-1 {
		head = ansi.Truncate(head, inner-1, "…")
	}
	rest := inner - 1 - ansi.StringWidth(head)
	var b strings.Builder
	b.WriteString(bs.Render("╭─") + ts.Render(head) + bs.Render(strings.Repeat("─", rest)+"╮"))
	lines := strings.Split(body, "\n")
	for i := 0; i < h-2; i++ {
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		b.WriteString("\n" + bs.Render("│") + fitANSI(l, inner) + bs.Render("│"))
	}
	b.WriteString("\n" + bs.Render("╰"+strings.Repeat("─", inner)+"╯"))
	return b.String()
}

// fitANSI pads or truncates an already styled line to w cells.
func fitANSI(l string, w int) string {
	lw := ansi.StringWidth(l)
	if lw > w {
		return ansi.Truncate(l, w, "…")
	}
	return l + strings.Repeat(" ", w-lw)
}
