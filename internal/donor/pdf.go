package donor

import (
	"io"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// Page geometry of the PDF, in millimetres (A4 portrait).
const (
	pdfMargin = 18.0
	pdfWidth  = 210.0 - 2*pdfMargin
	pdfLine   = 5.5
	barMax    = 60.0 // the longest bar of a table
)

// WritePDF writes v as an A4 PDF: the title, scope and period, each section
// with its tables, a bar beside each one-variable row, and the method under
// it; the notes at the end; page numbers in the footer. lang is the
// document's language (its /Lang). Text goes through the cp1252 translator
// of the core fonts, which holds French accents and « ».
func WritePDF(w io.Writer, v View, lang string) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(true, pdfMargin)
	pdf.SetLang(lang)
	pdf.SetTitle(v.Title, true)
	pdf.SetCreator("Passerelle", true)
	pdf.SetCreationDate(v.MadeAt)
	pdf.SetModificationDate(v.MadeAt)
	cp := pdf.UnicodeTranslatorFromDescriptor("")
	// U+202F (narrow no-break space, French typography) is not in cp1252.
	tr := func(s string) string { return cp(strings.ReplaceAll(s, "\u202f", "\u00a0")) }
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.CellFormat(0, 4, tr(v.Title+" · "+v.Period), "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 4, strconv.Itoa(pdf.PageNo()), "", 0, "R", false, 0, "")
	})
	pdf.AddPage()

	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(pdfWidth, 8, tr(v.Title), "", "L", false)
	pdf.SetFont("Helvetica", "", 11)
	for _, s := range []string{v.Scope, v.Period, v.Made} {
		pdf.MultiCell(pdfWidth, pdfLine, tr(s), "", "L", false)
	}
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 10)
	pdf.MultiCell(pdfWidth, pdfLine, tr(v.Lead), "", "L", false)

	for _, s := range v.Sections {
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "B", 13)
		pdf.MultiCell(pdfWidth, 7, tr(s.Title), "", "L", false)
		for _, t := range s.Tables {
			pdfTable(pdf, tr, t)
		}
		pdf.SetFont("Helvetica", "I", 9)
		pdf.MultiCell(pdfWidth, 4.5, tr(s.Method), "", "L", false)
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 9)
	for _, n := range v.Notes {
		pdf.MultiCell(pdfWidth, 4.5, tr(n), "", "L", false)
	}
	return pdf.Output(w)
}

// pdfTable prints one table: caption, head, rows; a one-variable table
// gets a bar per row scaled to its largest released count (a withheld row
// gets none).
func pdfTable(pdf *fpdf.Fpdf, tr func(string) string, t ViewTable) {
	pdf.Ln(1)
	pdf.SetFont("Helvetica", "B", 10)
	pdf.MultiCell(pdfWidth, pdfLine, tr(t.Caption), "", "L", false)
	cols := len(t.Head)
	countW := 26.0
	labelW := (pdfWidth - countW - barMax - 4) / float64(max(cols-1, 1))
	if len(t.Bars) == 0 {
		labelW = (pdfWidth - countW) / float64(max(cols-1, 1))
	}
	var most int64
	for _, b := range t.Bars {
		if !b.Suppressed && b.Count > most {
			most = b.Count
		}
	}
	row := func(cells []string, style string, bar *Bar) {
		pdf.SetFont("Helvetica", style, 9.5)
		for i, c := range cells {
			w, align := labelW, "L"
			if i == len(cells)-1 {
				w, align = countW, "R"
			}
			pdf.CellFormat(w, pdfLine, tr(c), "B", 0, align, false, 0, "")
		}
		if bar != nil && !bar.Suppressed && most > 0 {
			x, y := pdf.GetX()+4, pdf.GetY()+1.2
			pdf.SetFillColor(31, 92, 153)
			pdf.Rect(x, y, barMax*float64(bar.Count)/float64(most), pdfLine-2.4, "F")
		}
		pdf.Ln(-1)
	}
	row(t.Head, "B", nil)
	for i, r := range t.Rows {
		var b *Bar
		if i < len(t.Bars) {
			b = &t.Bars[i]
		}
		row(r, "", b)
	}
	pdf.Ln(1)
}
