package cmt.codec.convert;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.Repairs;
import cmt.codec.TraceReader;
import cmt.codec.resolve.Position;
import cmt.codec.resolve.Resolver;

/**
 * The heap calls a converter reads, as a C program made them, handed to the {@link Resolver} as raw
 * events: the resolver decides, with the rules every lenient reader uses, what each becomes, and counts
 * what it changed. Events reach the handler resolved, as a {@link TraceReader} hands them out, each with
 * its input line.
 */
final class Calls {
    private final TraceReader.Handler out;
    private final Position where;
    private final Resolver resolver;
    private final Event raw = new Event();
    private long thread = Event.NONE;
    private long timestamp = Event.NONE;
    private long site = Event.NONE;
    private long written;
    private long creates;
    private long ends;

    Calls(TraceReader.Handler handler, Position where) {
        this.where = where;
        this.resolver = new Resolver(where);
        this.out = e -> {
            written++;
            if (e.op.creates()) {
                creates++;
            }
            if (e.op.releases()) {
                ends++;
            }
            handler.accept(e);
        };
    }

    /** Sets the thread and timestamp of the next calls ({@link Event#NONE} when unknown). */
    void at(long threadId, long nanos) {
        this.thread = threadId;
        this.timestamp = nanos;
    }

    /** Sets the call site of the next allocations ({@link Event#NONE} when unknown); frees have none. */
    void site(long id) {
        this.site = id;
    }

    /** Counts a change the converter made itself, at the current line. */
    void note(Repairs.Kind kind) {
        resolver.repairs().add(kind, line());
    }

    /** An allocation without an old block: malloc, calloc ({@code size} is the product) or aligned. */
    void allocate(Op op, long size, long count, long alignment, long address) {
        start(op, size, address);
        raw.count = op == Op.CALLOC ? count : 1;
        raw.alignment = op == Op.ALIGNED ? alignment : 0;
        resolver.push(raw, out);
    }

    /** {@code realloc(old, size) = address}. */
    void reallocate(long old, long size, long address) {
        start(Op.REALLOC, size, address);
        raw.oldAddress = old;
        resolver.push(raw, out);
    }

    /** {@code free(address)}. */
    void free(long address) {
        start(Op.FREE, 0, 0);
        raw.oldAddress = address;
        resolver.push(raw, out);
    }

    private void start(Op op, long size, long address) {
        raw.clear();
        raw.op = op;
        raw.size = size;
        raw.address = address;
        raw.thread = thread;
        raw.timestamp = timestamp;
        raw.site = op == Op.FREE ? Event.NONE : site;
        raw.line = line();
    }

    /** The input line of the current call; binary input has none. */
    private long line() {
        return where instanceof LineSource lines ? lines.number() : Event.NONE;
    }

    /** Ends the input: what the resolver still held back is settled (see {@link Resolver#end}). */
    void end() {
        resolver.end();
    }

    /** Events written so far. */
    long written() {
        return written;
    }

    /** Events that created a block (malloc, calloc, aligned, realloc). */
    long creates() {
        return creates;
    }

    /** Events that ended a block (free, realloc). */
    long ends() {
        return ends;
    }

    /** Blocks live now. */
    int live() {
        return resolver.liveCount();
    }

    /** What was changed so far. */
    Repairs repairs() {
        return resolver.repairs();
    }
}
