package cmt.codec.compact;

import cmt.codec.Event;
import cmt.codec.resolve.LiveBlocks;
import java.util.Arrays;

/**
 * The live blocks of a tag-keyed format, for the compact reader and writer: the blocks allocated within
 * the last {@value #WINDOW} tags sit in arrays indexed by tag, because most frees end a recent block and an
 * array slot is far cheaper than a hash lookup; a block still live when its slot is needed again moves to
 * a {@link LiveBlocks} map. The window is wide (2^18 tags, 8 MB) because a program like CPython keeps tens
 * of thousands of blocks live for a long time, and each that outlives the window costs hash probes. Memory
 * follows the live blocks plus the fixed window, which a thread keeps for the next reader or writer it
 * opens ({@link #take}, {@link #give}); emptying it clears only the tags the last user reached.
 */
final class TagWindow {
    static final int WINDOW = 1 << 18;
    private static final int MASK = WINDOW - 1;

    private final long[] tags = new long[WINDOW];
    private final long[] address = new long[WINDOW];
    private final long[] size = new long[WINDOW];
    private final long[] index = new long[WINDOW];
    private LiveBlocks old = new LiveBlocks();
    private int count;
    /** The newest tag added since the window was last emptied. */
    private long newest;
    private boolean given;

    private static final Idle<TagWindow> IDLE = new Idle<>();

    private TagWindow() {
    }

    /** This thread's idle window, emptied, or a new one. */
    static TagWindow take() {
        TagWindow w = IDLE.take();
        if (w == null) {
            return new TagWindow();
        }
        Arrays.fill(w.tags, 0, Long.compareUnsigned(w.newest, MASK) >= 0 ? WINDOW : (int) w.newest + 1, 0);
        w.newest = 0;
        w.old = new LiveBlocks();
        w.count = 0;
        w.given = false;
        return w;
    }

    /** Hands the window on to the next reader or writer this thread opens (once); it must not be used again. */
    void give() {
        if (!given) {
            given = true;
            IDLE.give(this);
        }
    }

    /** Records a new live block; tags must increase from call to call. */
    void add(long tag, long addressValue, long sizeValue, long indexValue) {
        int s = (int) tag & MASK;
        if (tags[s] != 0) {
            old.add(tags[s], tags[s], address[s], size[s], index[s], Event.NONE);
        }
        tags[s] = tag;
        newest = tag;
        address[s] = addressValue;
        size[s] = sizeValue;
        index[s] = indexValue;
        count++;
    }

    /**
     * Ends the live block {@code tag}: copies its address, size and creation index into {@code e}'s old-block
     * fields and forgets it. False if no such block is live.
     */
    boolean take(long tag, Event e) {
        int s = (int) tag & MASK;
        if (tags[s] == tag && tag != 0) {
            e.oldAddress = address[s];
            e.oldSize = size[s];
            e.oldIndex = index[s];
            tags[s] = 0;
            count--;
            return true;
        }
        int o = old.take(tag);
        if (o < 0) {
            return false;
        }
        e.oldAddress = old.address(o);
        e.oldSize = old.size(o);
        e.oldIndex = old.index(o);
        count--;
        return true;
    }

    /** Blocks live now. */
    int count() {
        return count;
    }
}
