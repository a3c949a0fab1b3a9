package ui

import (
	"encoding/binary"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"impactkaarten/game/ui/layout"
)

// imageCache keeps offscreen pictures of what looks the same from one frame to the next
// (card faces with their shadows, runs of text), so a frame costs one DrawImage for each
// instead of dozens of draw calls and a text layout. An entry is keyed by everything that
// is painted into it (texts, sizes, colours, badges, the sub-pixel offset), so anything
// that changes simply asks for another entry; nothing is ever invalidated by hand.
//
// A key may end in a sub-pixel offset (a card's top-left corner lies between pixels);
// the key without it, its "near" key, finds a picture of the same thing at another
// offset, good enough for a card that is sliding (put on the nearest whole pixel).
//
// Something is only put in the cache when it is asked for in two frames in a row (by its
// key, or by its near key when it is moving): a card that grows as it slides gets new
// keys every frame and is painted directly, without filling the cache with pictures used
// once. Memory is bounded: past limit pixels the least recently used entries go, and
// entries unused for a while go anyway; a picture made for a card on the move (and a line
// of text of a card painted directly) goes as soon as a frame does without it. Pictures
// that are not drawn do cost: until Ebiten has seen one drawn from for a number of frames
// it keeps it in a texture of its own, and every draw call walks all textures.
type imageCache struct {
	entries map[string]*cacheEntry
	near    map[string]*cacheEntry // by near key: the newest picture made for it
	pixels  int                    // the pixels of every entry together
	limit   int
	frame   uint64
	// Keys (and near keys) missed in the previous and in this frame.
	prev, cur map[string]struct{}
	// Entries made for something on the move, by key: they go once a frame goes without.
	moving map[string]*cacheEntry
	key    []byte // scratch for building keys
}

type cacheEntry struct {
	img    *ebiten.Image
	pixels int
	used   uint64 // the frame it was last drawn in
	// The entry's near key ("" for none) and its sub-pixel offset.
	nearKey string
	fx, fy  float64
}

// cacheIdle is how many frames an unused entry is kept.
const cacheIdle = 300

// maxCacheSide is the widest and highest picture kept; anything larger (a very long text
// typed into a field) is painted directly.
const maxCacheSide = 4096

func newImageCache() *imageCache {
	return &imageCache{entries: map[string]*cacheEntry{}, near: map[string]*cacheEntry{},
		prev: map[string]struct{}{}, cur: map[string]struct{}{}, moving: map[string]*cacheEntry{}, limit: 4 << 20}
}

// begin starts a frame of w×h pixels.
func (c *imageCache) begin(w, h int) {
	c.frame++
	c.prev, c.cur = c.cur, c.prev
	clear(c.cur)
	// Room for the screen covered four times over, and never less than 4 Mpixels.
	c.limit = max(4*w*h, 4<<20)
	for k, e := range c.moving {
		if e.used+1 < c.frame {
			c.drop(k, e)
		}
	}
	if c.frame%16 == 0 {
		for k, e := range c.entries {
			if c.frame-e.used > cacheIdle {
				c.drop(k, e)
			}
		}
	}
}

// lookup finds the entry for key, whose first nearLen bytes are its near key (0: it has
// none). It returns the entry, or else an entry of the near key, and whether the key and
// the near key were asked for in the previous frame as well: then the caller should paint
// an entry with add rather than paint directly.
func (c *imageCache) lookup(key []byte, nearLen int) (exact, near *cacheEntry, wanted, nearWanted bool) {
	if e := c.entries[string(key)]; e != nil {
		e.used = c.frame
		return e, nil, false, false
	}
	_, wanted = c.prev[string(key)]
	c.cur[string(key)] = struct{}{}
	if nearLen > 0 {
		nk := key[:nearLen]
		if e := c.near[string(nk)]; e != nil {
			e.used = c.frame
			return nil, e, wanted, false
		}
		_, nearWanted = c.prev[string(nk)]
		c.cur[string(nk)] = struct{}{}
	}
	return nil, nil, wanted, nearWanted
}

// add makes a w×h entry for key (see lookup for nearLen) with sub-pixel offset fx, fy and
// returns it to be painted into, or nil when the cache is full of entries this frame uses
// or the picture would be too large. A moving entry goes once a frame has not used it.
func (c *imageCache) add(key []byte, nearLen, w, h int, fx, fy float64, moving bool) *cacheEntry {
	if w > maxCacheSide || h > maxCacheSide {
		return nil
	}
	n := w * h
	for c.pixels+n > c.limit {
		var oldest string
		var oe *cacheEntry
		for k, e := range c.entries {
			if oe == nil || e.used < oe.used {
				oldest, oe = k, e
			}
		}
		if oe == nil || oe.used == c.frame {
			return nil
		}
		c.drop(oldest, oe)
	}
	e := &cacheEntry{img: ebiten.NewImage(w, h), pixels: n, used: c.frame, fx: fx, fy: fy}
	k := string(key)
	c.entries[k] = e
	if nearLen > 0 {
		e.nearKey = string(key[:nearLen])
		c.near[e.nearKey] = e
	}
	if moving {
		c.moving[k] = e
	}
	c.pixels += n
	return e
}

func (c *imageCache) drop(k string, e *cacheEntry) {
	e.img.Deallocate()
	c.pixels -= e.pixels
	delete(c.entries, k)
	delete(c.moving, k)
	if e.nearKey != "" && c.near[e.nearKey] == e {
		delete(c.near, e.nearKey)
	}
}

// keyBuilder appends the parts of a cache key.
type keyBuilder []byte

func (b keyBuilder) f(vs ...float64) keyBuilder {
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

func (b keyBuilder) t(v bool) keyBuilder {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func (b keyBuilder) s(v string) keyBuilder {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
	return append(b, v...)
}

// cardKey is the key of a card's picture: the item's size, corner and shadow, which side
// is up, everything the face shows (FaceInfo.AppendKey), then (past the returned near
// key's length) the sub-pixel offset of its top-left corner.
func cardKey(b keyBuilder, it *layout.Item, back bool, fx, fy float64) (keyBuilder, int) {
	b = append(b, 'F')
	b = b.f(it.Rect.W, it.Rect.H, it.Radius, it.Shadow).t(back)
	if !back { // the back shows nothing of the face
		b = it.Card.AppendKey(b)
	}
	n := len(b)
	return b.f(fx, fy), n
}

// textKey is the key of a run of text, painted white (the colour is applied when it is
// drawn).
func textKey(b keyBuilder, s string, size float64, bold bool) keyBuilder {
	return append(b, 'T').f(size).t(bold).s(s)
}
