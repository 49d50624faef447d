package ctdc

// The lattice search counts groups, not rows: the rows are grouped once by
// their values at level 0, and every other node's groups are its parent's
// merged by raising one QI one level (the hierarchies nest, so a group of
// the parent falls wholly in one group of the child). Each node of the
// lattice is visited once, depth first (a child raises a QI at or after the
// one its parent raised), so a node costs a pass over its parent's groups
// instead of over the rows, and memory holds one path of the lattice.

// group is a set of rows with the same generalised QIs: how many, and how
// many of them have each QI recorded at the source (the values that cost
// something when generalised or suppressed).
type group struct {
	key      key
	n        int
	recorded [5]int
}

// price is a node's information loss in integer units (scale per value
// suppressed, scale*level/height per value generalised, scale more per row
// left out) and its rows suppressed.
type price struct {
	at         node
	loss       int64
	suppressed int
}

func (a price) better(b price) bool {
	if a.loss != b.loss {
		return a.loss < b.loss
	}
	if a.suppressed != b.suppressed {
		return a.suppressed < b.suppressed
	}
	for q := range a.at {
		if a.at[q] != b.at[q] {
			return a.at[q] < b.at[q]
		}
	}
	return false
}

// scale is a multiple of every hierarchy's height, so losses are integers.
var scale = func() int64 {
	s := int64(1)
	for _, h := range hierarchies {
		hh := int64(h.height)
		g, b := s, hh
		for b != 0 {
			g, b = b, g%b
		}
		s = s / g * hh
	}
	return s
}()

// ups maps each QI's codes at level lv-1 to its codes at level lv
// ([q][lv][code]); ok is false when some code maps to two (the hierarchies
// would not nest for these rows), and the search then evaluates rows.
func (l *lattice) ups() (up [5][][]uint16, ok bool) {
	for q, h := range hierarchies {
		up[q] = make([][]uint16, h.height+1)
		for lv := 1; lv <= h.height; lv++ {
			m := make([]uint16, len(l.words[q][lv-1]))
			set := make([]bool, len(m))
			for i := 0; i < l.n; i++ {
				from, to := l.codes[q][lv-1][i], l.codes[q][lv][i]
				if set[from] && m[from] != to {
					return up, false
				}
				m[from], set[from] = to, true
			}
			up[q][lv] = m
		}
	}
	return up, true
}

// baseGroups groups the rows by their values at level 0.
func (l *lattice) baseGroups() []group {
	index := map[key]int{}
	var out []group
	for i := 0; i < l.n; i++ {
		k := l.keyOf(node{}, i)
		j, ok := index[k]
		if !ok {
			j = len(out)
			index[k] = j
			out = append(out, group{key: k})
		}
		out[j].n++
		for q := range hierarchies {
			if l.codes[q][0][i] != 0 {
				out[j].recorded[q]++
			}
		}
	}
	return out
}

// raise merges groups after QI q went up to level lv.
func raise(groups []group, up []uint16, q int) []group {
	index := make(map[key]int, len(groups))
	out := make([]group, 0, len(groups))
	for _, g := range groups {
		g.key = g.key.with(q, up[g.key.code(q)])
		j, ok := index[g.key]
		if !ok {
			index[g.key] = len(out)
			out = append(out, g)
			continue
		}
		out[j].n += g.n
		for i := range g.recorded {
			out[j].recorded[i] += g.recorded[i]
		}
	}
	return out
}

// priceOf prices a node from its groups, as evaluate does from its rows.
func priceOf(at node, groups []group, k int) price {
	p := price{at: at}
	missing := 0
	for _, g := range groups {
		if g.key == 0 && g.n >= k {
			missing = g.n
		}
	}
	for _, g := range groups {
		for q, h := range hierarchies {
			if g.n < k {
				p.loss += scale * int64(g.recorded[q])
			} else {
				p.loss += scale / int64(h.height) * int64(at[q]) * int64(g.recorded[q])
			}
		}
		if g.n < k {
			p.suppressed += g.n
		}
	}
	if p.suppressed > 0 && p.suppressed+missing < k {
		p.loss += scale * int64(p.suppressed) // the rows are left out
	}
	return p
}

// search finds the node of least loss by visiting the whole lattice over
// groups; it reports false when the hierarchies do not nest for these rows.
func (l *lattice) search(k int) (node, bool) {
	up, ok := l.ups()
	if !ok {
		return node{}, false
	}
	var best price
	first := true
	var visit func(at node, groups []group, from int)
	visit = func(at node, groups []group, from int) {
		if p := priceOf(at, groups, k); first || p.better(best) {
			best, first = p, false
		}
		for q := from; q < len(hierarchies); q++ {
			if at[q] < hierarchies[q].height {
				next := at
				next[q]++
				visit(next, raise(groups, up[q][next[q]], q), q)
			}
		}
	}
	visit(node{}, l.baseGroups(), 0)
	return best.at, true
}
