package cmt.codec.compact;

import cmt.codec.Event;
import cmt.codec.compact.modelled.ModelledEncoder;
import cmt.codec.compact.packed.PackedEncoder;

/**
 * The default coding of a file ({@link cmt.codec.WriteOptions.Coding#CHOSEN}): each block modelled or
 * packed, whichever reads fast at the smaller size. A modelled block is the smaller by 1.5 to 2.5 times, but
 * reads fast only where runs copy its tokens (hmmer's loop: 55 M events/s); where the model must predict
 * them one by one (the glibc recordings: 100 to 150 ns a token) it reads at about 7 M, and a packed block
 * at 40 to 80 M. Which kind a trace is shows within its first events, so a block starts modelled while
 * its first {@value #PROBE} events are kept; if the model predicted more than one in
 * {@value #MOST_PREDICTED_1_IN} of their tokens, they are coded again packed and the block goes on packed.
 * Writing costs at most those {@value #PROBE} events coded twice per block.
 */
final class ChosenEncoder implements BlockEncoder {
    /** Events of each block coded modelled before the choice. */
    static final int PROBE = 4096;
    /** A block stays modelled when at most one token in this many of the first events was predicted. */
    static final int MOST_PREDICTED_1_IN = 16;

    private final ModelledEncoder modelled = new ModelledEncoder();
    private PackedEncoder packed;
    private final Event[] kept = new Event[PROBE];
    private BlockEncoder current;
    private int count;
    private boolean choosing;
    private int flags;
    private long lastTag;
    private long bump;

    @Override
    public void begin(int blockFlags, long tag, long nextBump) {
        flags = blockFlags;
        lastTag = tag;
        bump = nextBump;
        current = modelled;
        modelled.begin(blockFlags, tag, nextBump);
        count = 0;
        choosing = true;
    }

    @Override
    public void write(Event e) {
        current.write(e);
        if (choosing) {
            if (kept[count] == null) {
                kept[count] = new Event();
            }
            kept[count++].set(e);
            if (count == PROBE) {
                choose();
            }
        }
    }

    private void choose() {
        choosing = false;
        if ((long) modelled.predicted() * MOST_PREDICTED_1_IN <= count) {
            return;
        }
        if (packed == null) {
            packed = new PackedEncoder();
        }
        packed.begin(flags, lastTag, bump);
        for (int i = 0; i < count; i++) {
            packed.write(kept[i]);
        }
        current = packed;
    }

    @Override
    public int finish() {
        if (choosing) {
            choose();
        }
        return current.finish();
    }

    @Override
    public int coding() {
        return current.coding();
    }

    @Override
    public void payload(Sink out) {
        current.payload(out);
    }

    @Override
    public void close() {
        modelled.close();
        if (packed != null) {
            packed.close();
        }
    }
}
