package detect

import (
	"fmt"
	"hash/maphash"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// go-toml checks each new key or table against what the document defined
// since its parent by a linear scan, so a table of n keys costs n² to
// decode, and so do n tables side by side: a 16 MiB table took minutes.
// Arrays of tables ([[package]]) are cheap, as go-toml forgets an element's
// keys when the next one starts. tomlCost estimates that scan work with a
// linear pass of go-toml's own parser, and checkTOMLCost refuses a document
// above maxTOMLCost before it is decoded. Four copies of the largest real
// lock pydock has seen (1 MiB, uv.lock) cost under 1% of it; a table of
// 10,000 keys is allowed, one of 20,000 is not. BenchmarkTOMLWideTable
// shows the quadratic growth and the bounded time.
const maxTOMLCost = 60_000_000

// checkTOMLCost refuses a TOML document whose decoding would take go-toml
// quadratic time, naming the file and the widest table's line. A document
// that does not parse is left to the decoder, which reports its error.
func checkTOMLCost(file string, data []byte) error {
	c := tomlCost(data, maxTOMLCost)
	if c.cost <= maxTOMLCost {
		return nil
	}
	name := "the top level"
	if c.widest != "" {
		name = "[" + c.widest + "]"
	}
	return fmt.Errorf("%s:%d: too many keys or tables side by side for pydock's TOML reader (the widest, %s, has %d); real projects have a few hundred", file, lineAt(data, c.off), name, c.keys)
}

type tomlCostResult struct {
	cost   int    // estimated key comparisons go-toml makes
	keys   int    // keys of the widest table
	widest string // its dotted name
	off    uint32 // offset of its name in the document
}

// tomlCost walks the document's keys and tables: each new one costs the
// number of entries created since its parent was, which is what go-toml
// scans. It stops once the cost passes stopAbove. Only tables get a node
// (lock files have hundreds of thousands of plain keys): a plain key is
// counted where it stands, as TOML allows it once.
func tomlCost(data []byte, stopAbove int) tomlCostResult {
	type node struct {
		created  int   // entries before it
		keys     int32 // children
		parent   int32
		lastElem int32  // for an array of tables: its last element, or 0
		off, len uint32 // its name in data (0, 0: an element)
	}
	// Tables are found by a hash of parent and name, not a string per key.
	// A collision would merge two tables and only lower the estimate.
	seed := maphash.MakeSeed()
	childKey := func(parent int32, name []byte) uint64 {
		var h maphash.Hash
		h.SetSeed(seed)
		h.Write([]byte{byte(parent), byte(parent >> 8), byte(parent >> 16), byte(parent >> 24)})
		h.Write(name)
		return h.Sum64()
	}
	nodes := make([]node, 1, 1024)
	nodes[0].parent = -1
	tables := map[uint64]int32{}
	entries, cost := 0, 0
	widest := int32(0)
	// count adds one entry under parent, at go-toml's cost.
	count := func(parent int32) {
		cost += entries - nodes[parent].created
		entries++
		nodes[parent].keys++
		if nodes[parent].keys > nodes[widest].keys {
			widest = parent
		}
	}
	newNode := func(parent int32, raw unstable.Range) int32 {
		nodes = append(nodes, node{parent: parent, created: entries, off: raw.Offset, len: raw.Length})
		return int32(len(nodes) - 1)
	}
	// table returns the table name of parent, creating it when new.
	table := func(parent int32, k *unstable.Node) int32 {
		h := childKey(parent, k.Data)
		if id, ok := tables[h]; ok {
			return id
		}
		count(parent)
		id := newNode(parent, k.Raw)
		tables[h] = id
		return id
	}
	// element starts a new element of the array a: go-toml creates it
	// without a scan.
	element := func(a int32) int32 {
		id := newNode(a, unstable.Range{})
		nodes[a].lastElem = id
		return id
	}
	// keyValue counts a key/value line in table t: its dotted parts are
	// tables; its last part is a node only when the value holds tables.
	keyValue := func(t int32, kv *unstable.Node) (int32, bool) {
		it := kv.Key()
		it.Next()
		k := it.Node()
		for it.Next() {
			t = table(t, k)
			k = it.Node()
		}
		if v := kv.Value(); v.Kind == unstable.InlineTable || v.Kind == unstable.Array {
			return table(t, k), true
		}
		count(t)
		return t, false
	}
	header := func(n *unstable.Node, array bool) int32 {
		id := int32(0)
		it := n.Key()
		for more := it.Next(); more; {
			id = table(id, it.Node())
			// [package.extras] after [[package]] is in its last element.
			if more = it.Next(); more && nodes[id].lastElem != 0 {
				id = nodes[id].lastElem
			}
		}
		if array {
			id = element(id)
		}
		return id
	}
	var walk func(id int32, n *unstable.Node)
	walk = func(id int32, n *unstable.Node) {
		switch n.Kind {
		case unstable.InlineTable:
			it := n.Children()
			for it.Next() {
				if kv := it.Node(); kv.Kind == unstable.KeyValue {
					if t, ok := keyValue(id, kv); ok {
						walk(t, kv.Value())
					}
				}
			}
		case unstable.Array:
			it := n.Children()
			for it.Next() {
				if el := it.Node(); el.Kind == unstable.InlineTable || el.Kind == unstable.Array {
					walk(element(id), el)
				}
			}
		}
	}
	var p unstable.Parser
	p.Reset(data)
	current := int32(0)
	for p.NextExpression() && cost <= stopAbove {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table:
			current = header(e, false)
		case unstable.ArrayTable:
			current = header(e, true)
		case unstable.KeyValue:
			if t, ok := keyValue(current, e); ok {
				walk(t, e.Value())
			}
		}
	}
	res := tomlCostResult{cost: cost, keys: int(nodes[widest].keys), off: nodes[widest].off}
	var parts []string
	for id := widest; id > 0; id = nodes[id].parent {
		if n := nodes[id]; n.len > 0 {
			parts = append([]string{string(data[n.off : n.off+n.len])}, parts...)
		}
	}
	res.widest = strings.Join(parts, ".")
	return res
}

// lineAt is the 1-based line of byte offset off.
func lineAt(data []byte, off uint32) int {
	return sort.SearchInts(newlineOffsets(data), int(off)) + 1
}
