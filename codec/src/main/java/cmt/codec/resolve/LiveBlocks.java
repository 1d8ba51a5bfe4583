package cmt.codec.resolve;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;

/**
 * The blocks that are live at one point of a trace, keyed by address or by tag: what a reader needs to
 * tie a free to its allocation. Memory follows the number of live blocks, never the trace length; the
 * per-block facts sit in parallel primitive arrays whose slots are recycled.
 *
 * <p>Public so that the converters from recorder formats ({@code cmt.codec.convert}) decide liveness with
 * the same structure as the readers.
 */
public final class LiveBlocks {
    /**
     * Sized up front because fastutil shrinks a map (rehashing it) whenever it falls to a quarter full, but
     * never below the size it was made for: a real program's live set swings by tens of thousands of blocks
     * (each run of the CPython recording), and a map made for 4,096 rehashed on every swing, 5% of a text
     * read end to end. 2^17 entries cost 3 MB, the tag window's size class.
     */
    private final Long2IntOpenHashMap slots = new Long2IntOpenHashMap(1 << 17);
    private long[] tag = new long[64];
    private long[] address = new long[64];
    private long[] size = new long[64];
    private long[] index = new long[64];
    private long[] line = new long[64];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int used;

    /** An empty set. */
    public LiveBlocks() {
        slots.defaultReturnValue(-1);
    }

    /** The slot of the live block under {@code key}, or -1. */
    public int find(long key) {
        return slots.get(key);
    }

    /** Records a new live block under {@code key}; the key must not be live. */
    public void add(long key, long tagValue, long addressValue, long sizeValue, long indexValue, long lineValue) {
        int s = nextSlot();
        fill(s, tagValue, addressValue, sizeValue, indexValue, lineValue);
        slots.put(key, s);
    }

    /**
     * Records a new live block under {@code key} unless one is live there already, in one hash probe;
     * returns -1 if it was added, else the slot of the block that is live under {@code key} (unchanged).
     */
    public int addIfAbsent(long key, long tagValue, long addressValue, long sizeValue, long indexValue, long lineValue) {
        int s = nextSlot();
        int live = slots.putIfAbsent(key, s);
        if (live >= 0) {
            freeSlot(s);
            return live;
        }
        fill(s, tagValue, addressValue, sizeValue, indexValue, lineValue);
        return -1;
    }

    private int nextSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (used == tag.length) {
            grow();
        }
        return used++;
    }

    private void freeSlot(int s) {
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
        }
        freeSlots[freeCount++] = s;
    }

    private void fill(int s, long tagValue, long addressValue, long sizeValue, long indexValue, long lineValue) {
        tag[s] = tagValue;
        address[s] = addressValue;
        size[s] = sizeValue;
        index[s] = indexValue;
        line[s] = lineValue;
    }

    /**
     * Forgets the live block under {@code key} and returns its slot, or -1 if none is live there: one hash
     * probe where {@link #find} then {@link #remove} take two. The slot's facts stay readable until the
     * next {@link #add}.
     */
    public int take(long key) {
        int s = slots.remove(key);
        if (s >= 0) {
            freeSlot(s);
        }
        return s;
    }

    /** Forgets the live block under {@code key} whose slot is {@code s}. */
    public void remove(long key, int s) {
        slots.remove(key);
        freeSlot(s);
    }

    /** How many blocks are live. */
    public int count() {
        return slots.size();
    }

    /** Tag of the block in slot {@code s}. */
    public long tag(int s) {
        return tag[s];
    }

    /** Address of the block in slot {@code s}. */
    public long address(int s) {
        return address[s];
    }

    /** Requested size of the block in slot {@code s}. */
    public long size(int s) {
        return size[s];
    }

    /** Event index at creation of the block in slot {@code s}. */
    public long index(int s) {
        return index[s];
    }

    /** Source line at creation of the block in slot {@code s}. */
    public long line(int s) {
        return line[s];
    }

    private void grow() {
        int n = tag.length * 2;
        tag = Arrays.copyOf(tag, n);
        address = Arrays.copyOf(address, n);
        size = Arrays.copyOf(size, n);
        index = Arrays.copyOf(index, n);
        line = Arrays.copyOf(line, n);
    }
}
