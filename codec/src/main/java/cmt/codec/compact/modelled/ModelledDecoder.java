package cmt.codec.compact.modelled;

import cmt.codec.Event;
import cmt.codec.compact.BlockDecoder;
import cmt.codec.compact.Varint;

/**
 * The modelled coding of a block's events ({@code FORMAT.md} sections 2 to 4), reader's side, for files
 * of every version: the runs' section at the front of the payload (version 3 on), then the range-coded
 * stream the {@link EventModel} reads.
 */
public final class ModelledDecoder implements BlockDecoder {
    private final RangeDecoder coder = new RangeDecoder();
    private final RunValuesReader lengths = new RunValuesReader("run lengths");
    private final RunValuesReader sizes = new RunValuesReader("run sizes");
    private final Varint.Reader section = new Varint.Reader("runs");
    private final EventModel model = new EventModel(coder, lengths, sizes);
    private final int version;

    /** A decoder of blocks of format version {@code version}. */
    public ModelledDecoder(int version) {
        this.version = version;
        model.version(version);
    }

    @Override
    public long begin(int flags, long lastTag, byte[] payload, int size, int events) {
        model.begin(flags, lastTag);
        int start = version >= 3 ? runsSection(payload, size, events) : 0;
        coder.reset(payload, start, size);
        try {
            return model.codeRegisters(0);
        } catch (IllegalStateException ex) {
            throw new IllegalStateException("registers: " + ex.getMessage(), ex);
        }
    }

    /** Reads the runs' section at the front of the payload; returns where the range-coded stream starts. */
    private int runsSection(byte[] payload, int size, int events) {
        long length = section.over(payload, 0, size).varint();
        int at = section.at();
        if (Long.compareUnsigned(length, size - at) > 0) {
            throw new IllegalStateException("runs: section of " + Long.toUnsignedString(length)
                    + " bytes in a payload of " + size);
        }
        int end = at + (int) length;
        if (length == 0) {
            lengths.none();
            sizes.none();
            return end;
        }
        int p = lengths.read(payload, at, end, events);
        if (lengths.count() == 0) {
            throw new IllegalStateException("runs: a section without runs");
        }
        if (sizes.read(payload, p, end, events) != end) {
            throw new IllegalStateException("runs: bytes after the run sizes");
        }
        return end;
    }

    @Override
    public void token(Event e) {
        model.codeToken(e);
    }

    @Override
    public void rest(Event e) {
        model.codeRest(e);
    }

    @Override
    public void end() {
        model.endBlock();
        if (version >= 3) {
            lengths.finish();
            sizes.finish();
        }
    }

    @Override
    public void close() {
        model.release();
    }
}
