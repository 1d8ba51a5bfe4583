package cmt.codec.compact.modelled;

import cmt.codec.Event;
import cmt.codec.compact.BlockEncoder;
import cmt.codec.compact.CompactFormat;
import cmt.codec.compact.Varint;

/**
 * The modelled coding of a block's events ({@code FORMAT.md} sections 2 to 4), writer's side: the
 * {@link EventModel} over a range coder, and the runs' section in front ({@link RunValuesWriter}).
 */
public final class ModelledEncoder implements BlockEncoder {
    private final RangeEncoder coder = new RangeEncoder();
    private final RunValuesWriter lengths = new RunValuesWriter("run lengths");
    private final RunValuesWriter sizes = new RunValuesWriter("run sizes");
    private final EventModel model = new EventModel(coder, lengths, sizes);
    private final byte[] word = new byte[Varint.MAX_BYTES];
    private int sectionBytes;
    private int lengthBytes;
    private int sizeBytes;
    private int codedBytes;

    /** A coder with its tables. */
    public ModelledEncoder() {
        model.version(CompactFormat.VERSION);
    }

    @Override
    public void begin(int flags, long lastTag, long bump) {
        model.begin(flags, lastTag);
        coder.reset();
        lengths.clear();
        sizes.clear();
        model.codeRegisters(bump);
    }

    /**
     * Events of the current block whose token the model coded rather than a run copied. Each costs the
     * model's lookups (100 to 150 ns on the glibc recordings), a copied one a few ns, so this tells a writer
     * how fast the block will read.
     */
    public int predicted() {
        return model.predicted();
    }

    @Override
    public void write(Event e) {
        model.codeToken(e);
        model.codeRest(e);
    }

    /** The runs' section (its length, then the run lengths and sizes, or nothing without runs), then the range-coded stream. */
    @Override
    public int finish() {
        model.endBlock();
        codedBytes = coder.finish();
        boolean runs = lengths.count() > 0;
        lengthBytes = runs ? lengths.write() : 0;
        sizeBytes = runs ? sizes.write() : 0;
        sectionBytes = Varint.put(word, 0, lengthBytes + sizeBytes);
        return sectionBytes + lengthBytes + sizeBytes + codedBytes;
    }

    @Override
    public void payload(Sink out) {
        out.put(word, 0, sectionBytes);
        out.put(lengths.bytes(), 0, lengthBytes);
        out.put(sizes.bytes(), 0, sizeBytes);
        out.put(coder.buffer(), 0, codedBytes);
    }

    @Override
    public int coding() {
        return 0;
    }

    @Override
    public void close() {
        model.release();
    }
}
