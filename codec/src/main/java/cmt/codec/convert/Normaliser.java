package cmt.codec.convert;

import cmt.codec.Event;
import cmt.codec.LiveBlocks;
import cmt.codec.Op;
import cmt.codec.TraceReader;
import cmt.codec.convert.Normalisations.Kind;

/**
 * Turns the calls a recorder saw into a trace that every cmt reader accepts strictly: each free and
 * realloc names a live block, no size is 0, no result is NULL, and no allocation returns an address that
 * is still live. What it has to change for that it changes in one documented way and counts in
 * {@link Normalisations}, with the input line; it never drops or invents an event silently.
 *
 * <table>
 * <caption>Normalisations</caption>
 * <tr><th>recorded</th><th>written</th></tr>
 * <tr><td>{@code free(NULL)}</td><td>nothing</td></tr>
 * <tr><td>free of a pointer that is not live</td><td>nothing</td></tr>
 * <tr><td>{@code realloc(NULL, n) = p}</td><td>{@code malloc(n) = p}</td></tr>
 * <tr><td>realloc of a pointer that is not live</td><td>{@code malloc(n) = p}</td></tr>
 * <tr><td>{@code realloc(p, 0) = NULL}</td><td>{@code free(p)}</td></tr>
 * <tr><td>zero-size allocation (including {@code realloc(p, 0) = q})</td><td>size 1</td></tr>
 * <tr><td>NULL result (failed call; a failed realloc leaves p live)</td><td>nothing</td></tr>
 * <tr><td>result still live (its free was not recorded)</td><td>{@code free} of the old block first</td></tr>
 * </table>
 *
 * Events come out resolved, as a {@link TraceReader} would hand them out: tags from 1, and a free or
 * realloc carries the ended block's tag, size, event index and input line. Memory follows the number of
 * live blocks.
 */
public final class Normaliser {
    private final TraceReader.Handler out;
    private final LineSource where;
    private final Normalisations normalisations = new Normalisations();
    private final LiveBlocks live = new LiveBlocks();
    private final Event e = new Event();
    private long thread = Event.NONE;
    private long timestamp = Event.NONE;
    private long lastTag;
    private long written;
    private long creates;
    private long ends;

    Normaliser(TraceReader.Handler out, LineSource where) {
        this.out = out;
        this.where = where;
    }

    /** Sets the thread and timestamp of the next events ({@link Event#NONE} when unknown). */
    void at(long threadId, long nanos) {
        this.thread = threadId;
        this.timestamp = nanos;
    }

    /** Counts a change the converter made itself, at the current line. */
    void note(Kind kind) {
        normalisations.add(kind, where.number());
    }

    /** An allocation without an old block: malloc, calloc ({@code size} is the product) or aligned. */
    void allocate(Op op, long size, long count, long alignment, long address) {
        if (address == 0) {
            note(Kind.FAILED_ALLOCATION);
            return;
        }
        if (size == 0) {
            note(Kind.ZERO_SIZE);
            size = 1;
            count = 1;
        }
        endIfLive(address, -1);
        start(op, size);
        e.count = op == Op.CALLOC ? count : 1;
        e.alignment = op == Op.ALIGNED ? alignment : 0;
        e.address = address;
        e.oldIndex = e.oldLine = Event.NONE;
        emitNew();
    }

    /** {@code realloc(old, size) = address}, as a C program sees it. */
    void reallocate(long old, long size, long address) {
        if (address == 0) {
            if (size == 0 && old != 0) {
                note(Kind.REALLOC_TO_ZERO);
                free(old);
            } else {
                note(Kind.FAILED_ALLOCATION);
            }
            return;
        }
        int s = old == 0 ? -1 : live.find(old);
        if (s < 0) {
            note(old == 0 ? Kind.REALLOC_NULL : Kind.REALLOC_NOT_LIVE);
            if (size == 0) {
                note(Kind.ZERO_SIZE);
                size = 1;
            }
            endIfLive(address, -1);
            start(Op.MALLOC, size);
            e.address = address;
            e.oldIndex = e.oldLine = Event.NONE;
            emitNew();
            return;
        }
        if (size == 0) {
            note(Kind.ZERO_SIZE);
            size = 1;
        }
        endIfLive(address, old);
        s = live.find(old);
        start(Op.REALLOC, size);
        e.address = address;
        takeOld(old, s);
        emitNew();
    }

    /** {@code free(address)}. */
    void free(long address) {
        if (address == 0) {
            note(Kind.FREE_NULL);
            return;
        }
        int s = live.find(address);
        if (s < 0) {
            note(Kind.FREE_NOT_LIVE);
            return;
        }
        start(Op.FREE, 0);
        takeOld(address, s);
        emit();
    }

    /** Writes a free of the live block at {@code address} unless it is {@code keep} or not live. */
    private void endIfLive(long address, long keep) {
        if (address == keep) {
            return;
        }
        int s = live.find(address);
        if (s >= 0) {
            note(Kind.ADDRESS_STILL_LIVE);
            start(Op.FREE, 0);
            takeOld(address, s);
            emit();
        }
    }

    private void start(Op op, long size) {
        e.clear();
        e.op = op;
        e.size = size;
        e.thread = thread;
        e.timestamp = timestamp;
        e.line = where.number();
    }

    private void takeOld(long address, int s) {
        e.oldAddress = address;
        e.oldTag = live.tag(s);
        e.oldSize = live.size(s);
        e.oldIndex = live.index(s);
        e.oldLine = live.line(s);
        live.remove(address, s);
    }

    private void emitNew() {
        e.tag = ++lastTag;
        live.add(e.address, e.tag, e.address, e.size, written, e.line);
        creates++;
        emit();
    }

    private void emit() {
        if (e.op.releases()) {
            ends++;
        }
        e.index = written++;
        out.accept(e);
    }

    /** Events written so far. */
    public long written() {
        return written;
    }

    /** Events that created a block (malloc, calloc, aligned, realloc). */
    public long creates() {
        return creates;
    }

    /** Events that ended a block (free, realloc). */
    public long ends() {
        return ends;
    }

    /** Blocks live now. */
    public int live() {
        return live.count();
    }

    /** What was changed so far. */
    public Normalisations normalisations() {
        return normalisations;
    }
}
