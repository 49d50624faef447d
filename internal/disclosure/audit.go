package disclosure

// Audit attacks releases made to one audience from the same data as an
// intruder would: the linear system of everything they show together (each
// margin the sum of its cells, shared margins equal), and for every
// withheld figure the smallest and largest values it can take. It returns
// how many withheld figures are pinned to a single whole number other than
// 0 (none, for releases made by ProtectAgainst in order), or an error when
// the releases contradict each other (they do not count the same people).
func Audit(releases ...Release) (int, error) {
	var m model
	var ls []layout
	for i, r := range releases {
		l := m.addTable(i+1, r.Vars, releasedValues(r))
		fillReleased(&m, l, r)
		for _, o := range ls {
			m.link(o, l)
		}
		ls = append(ls, l)
	}
	rg, err := m.ranges()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, iv := range rg {
		if iv.pinned() {
			n++
		}
	}
	return n, nil
}
