package cmt.codec.resolve;

import cmt.codec.Event;
import cmt.codec.Leniency;
import cmt.codec.Op;
import cmt.codec.Repairs;
import cmt.codec.Repairs.Kind;
import cmt.codec.TraceReader;

/**
 * Turns raw events into resolved ones: assigns tags (FORMATS.md section 1: one counter from 1 for every
 * allocation and every realloc result; a tag written in the input is kept), ties each free and realloc to
 * the live block it ends, and applies the {@link Leniency} policy, counting every rewrite in
 * {@link Repairs}. Readers pull raw events from their parser through it ({@link #next}); converters from
 * recorders' output push the calls they read through it ({@link #push}), always leniently, so that one
 * rule table decides what a trace may hold.
 *
 * <p>Address-keyed inputs (text, recorders) identify blocks by address; tag-keyed binary inputs identify
 * them by tag and get synthetic addresses from a bump pointer: each block starts 16-byte aligned right
 * after the previous one, so addresses are unique as long as fewer than 2^64 bytes were ever allocated,
 * and a layout analysis of such a trace shows what a bump allocator would have done.
 */
public final class Resolver {
    /** Where synthetic addresses start. */
    public static final long SYNTHETIC_BASE = 0x10000;

    /**
     * The synthetic address of a block made by {@code e} when the bump pointer is at {@code bump}: the bump
     * itself, or the next multiple of the block's alignment above 16 ({@code memalign}); 0 if that would
     * pass 2^64.
     */
    public static long synthetic(long bump, Event e) {
        long align = e.op == Op.ALIGNED ? e.alignment : 0;
        if (Long.compareUnsigned(align, 16) <= 0 || Long.bitCount(align) != 1) {
            return bump;
        }
        long at = (bump + align - 1) & -align;
        return Long.compareUnsigned(at, bump) < 0 ? 0 : at;
    }

    /**
     * The bump pointer after a block of {@code size} at {@code address}: 16-byte steps, 16 for size 0;
     * 0 if the block would end past 2^64 (unsigned arithmetic throughout: sizes go up to 2^64-1).
     */
    public static long nextBump(long address, long size) {
        if (Long.compareUnsigned(size, -16L) > 0) {
            return 0;
        }
        long step = (size + 15) & ~15L;
        long next = address + (step == 0 ? 16 : step);
        return Long.compareUnsigned(next, address) <= 0 ? 0 : next;
    }

    /** The message when synthetic addresses run out. */
    public static String exhausted(long bump, long size) {
        return "a block of " + Long.toUnsignedString(size) + " bytes at synthetic address 0x" + Long.toHexString(bump)
                + " would end past 2^64";
    }

    private final EventParser parser;
    private final Position where;
    private final boolean byTag;
    private final boolean lenient;
    /** The parser resolves its own events (the compact format): this resolver only passes them on. */
    private final boolean passThrough;
    private final Repairs repairs = new Repairs();
    /** The live blocks, unless the parser keeps its own (then null). */
    private final LiveBlocks live;
    private final Event pending = new Event();
    private boolean hasPending;
    /**
     * Frees of no live block held back, oldest first, in case the allocation of their block on another
     * thread follows: threads' records can cross in a recorder (thread B frees a block thread A has just
     * been given, and B's record is written before A's). Each waits at most {@value #CROSSING_WINDOW} events.
     */
    private final Event[] held = new Event[HELD];
    private final long[] heldAt = new long[HELD];
    private int heldCount;
    private static final int HELD = 16;
    private static final long CROSSING_WINDOW = 1024;
    private long lastTag;
    private long emitted;
    private long bump = SYNTHETIC_BASE;

    /** A resolver of the events {@code parser} reads. */
    public Resolver(EventParser parser, Leniency leniency) {
        this.parser = parser;
        this.where = parser;
        this.passThrough = parser.resolves();
        this.live = passThrough ? null : new LiveBlocks();
        this.byTag = parser.keyedByTag();
        this.lenient = leniency == Leniency.LENIENT;
    }

    /** A lenient resolver of address-keyed raw events {@link #push pushed} to it from {@code where}. */
    public Resolver(Position where) {
        this.parser = null;
        this.where = where;
        this.passThrough = false;
        this.live = new LiveBlocks();
        this.byTag = false;
        this.lenient = true;
    }

    /** What was changed so far. */
    public Repairs repairs() {
        return repairs;
    }

    /** Blocks live now. */
    public int liveCount() {
        return passThrough ? parser.liveCount() : live.count();
    }

    /** Reads the parser's next event, resolved, into {@code out}; false at the end. */
    public boolean next(Event out) {
        if (passThrough) {
            return parser.next(out);
        }
        if (hasPending) {
            hasPending = false;
            out.set(pending);
            if (resolve(out)) {
                return true;
            }
        }
        while (parser.next(out)) {
            if (resolve(out)) {
                return true;
            }
        }
        finish();
        return false;
    }

    /**
     * Resolves the raw event {@code raw} and hands what it becomes to {@code out}: nothing (dropped), the
     * event, or a free of a block whose address it reuses and then the event. {@code raw} is overwritten.
     */
    public void push(Event raw, TraceReader.Handler out) {
        if (!resolve(raw)) {
            return;
        }
        out.accept(raw);
        while (hasPending) {
            hasPending = false;
            raw.set(pending);
            if (resolve(raw)) {
                out.accept(raw);
            }
        }
    }

    /** Ends a pushed input: held frees that found no allocation are dropped and counted. */
    public void end() {
        finish();
    }

    private void repaired(Kind kind, Event e) {
        repairs.add(kind, e.line);
    }

    /** Resolves a raw event in place; false if the event was dropped. */
    private boolean resolve(Event in) {
        Op op = in.op;
        if (op == Op.FREE) {
            return free(in);
        }
        if (in.address == 0 && !byTag) {
            if (op == Op.REALLOC && in.size == 0 && in.oldAddress != 0) {
                if (!lenient) {
                    throw where.error("realloc to size 0");
                }
                repaired(Kind.REALLOC_TO_ZERO, in);
                in.op = Op.FREE;
                in.tag = 0;
                return free(in);
            }
            if (!lenient) {
                throw where.error(name(op) + " returned NULL");
            }
            repaired(Kind.FAILED_ALLOCATION, in);
            where.dropped();
            return false;
        }
        if (in.size == 0 && !byTag) {
            if (!lenient) {
                throw where.error("zero-size " + name(op));
            }
            repaired(Kind.ZERO_SIZE, in);
            in.size = 1;
            in.count = 1;
        }
        if (!byTag && Long.compareUnsigned(in.address + (in.size - 1), in.address) < 0) {
            throw where.error(name(op) + " of " + Long.toUnsignedString(in.size) + " bytes at 0x"
                    + Long.toHexString(in.address) + " would end past 2^64");
        }
        int old = -1;
        if (op == Op.REALLOC) {
            old = findOld(in);
            if (old < 0) {
                boolean ofNull = in.oldAddress == 0 && !byTag;
                if (!lenient) {
                    throw where.error(ofNull ? "realloc of NULL" : "realloc of a block that is not live");
                }
                repaired(ofNull ? Kind.REALLOC_NULL : Kind.REALLOC_NOT_LIVE, in);
                in.op = op = Op.MALLOC;
                in.oldAddress = 0;
                in.oldTag = 0;
            }
        }
        long tag = in.tag != 0 ? in.tag : lastTag + 1;
        if (Long.compareUnsigned(tag, lastTag) <= 0) {
            throw where.error("tag " + Long.toUnsignedString(tag) + " is not greater than the previous tag "
                    + Long.toUnsignedString(lastTag));
        }
        if (!byTag) {
            int clash;
            if (old < 0) {
                clash = live.addIfAbsent(in.address, tag, in.address, in.size, emitted, in.line);
                if (clash < 0) {
                    in.tag = tag;
                    lastTag = tag;
                    in.index = emitted++;
                    release(in);
                    return true;
                }
            } else {
                clash = live.find(in.address);
            }
            if (clash >= 0 && clash != old) {
                if (!lenient) {
                    throw where.error(name(op) + " returned " + Long.toHexString(in.address)
                            + ", which is still live (allocated at " + where(clash) + ")");
                }
                repaired(Kind.ADDRESS_STILL_LIVE, in);
                pending.set(in);
                hasPending = true;
                long thread = in.thread;
                long timestamp = in.timestamp;
                in.clear();
                in.op = Op.FREE;
                in.thread = thread;
                in.timestamp = timestamp;
                release(clash, pending.address, in);
                in.index = emitted++;
                return true;
            }
        }
        if (old >= 0) {
            release(old, byTag ? in.oldTag : in.oldAddress, in);
        }
        in.tag = tag;
        lastTag = tag;
        in.index = emitted++;
        if (byTag) {
            long at = synthetic(bump, in);
            long next = at == 0 ? 0 : nextBump(at, in.size);
            if (next == 0) {
                throw where.error(exhausted(bump, in.size));
            }
            in.address = at;
            bump = next;
            live.add(tag, tag, in.address, in.size, in.index, in.line);
        } else {
            live.add(in.address, tag, in.address, in.size, in.index, in.line);
            release(in);
        }
        return true;
    }

    /** Holds a free of no live block back; the oldest held one is dropped if there is no room or it is too old. */
    private void hold(Event free) {
        expire();
        if (heldCount == HELD) {
            drop();
        }
        Event e = held[heldCount];
        if (e == null) {
            e = held[heldCount] = new Event();
        }
        e.set(free);
        heldAt[heldCount++] = emitted;
    }

    /** Drops the held frees that waited longer than the window. */
    private void expire() {
        while (heldCount > 0 && emitted - heldAt[0] > CROSSING_WINDOW) {
            drop();
        }
    }

    /** Drops the oldest held free, as a free of no live block. */
    private void drop() {
        repaired(Kind.FREE_NOT_LIVE, held[0]);
        Event first = held[0];
        System.arraycopy(held, 1, held, 0, heldCount - 1);
        System.arraycopy(heldAt, 1, heldAt, 0, heldCount - 1);
        held[--heldCount] = first;
    }

    /**
     * After the allocation {@code made}: a held free of its address from another thread is its block's
     * free, recorded too early; it becomes the pending event, handed out right after this one.
     */
    private void release(Event made) {
        if (heldCount == 0) {
            return;
        }
        expire();
        for (int i = 0; i < heldCount; i++) {
            Event f = held[i];
            if (f.oldAddress == made.address && f.thread != made.thread && !hasPending) {
                repaired(Kind.FREE_BEFORE_ALLOCATION, f);
                pending.set(f);
                hasPending = true;
                System.arraycopy(held, i + 1, held, i, heldCount - i - 1);
                System.arraycopy(heldAt, i + 1, heldAt, i, heldCount - i - 1);
                held[--heldCount] = f;
                return;
            }
        }
    }

    /** Drops the frees still held at the end of the input (call once, after the last event). */
    private void finish() {
        while (heldCount > 0) {
            drop();
        }
    }

    private boolean free(Event in) {
        if (!byTag && in.oldAddress == 0) {
            if (!lenient) {
                throw where.error("free(NULL)");
            }
            repaired(Kind.FREE_NULL, in);
            where.dropped();
            return false;
        }
        int old = live.take(byTag ? in.oldTag : in.oldAddress);
        if (old < 0) {
            if (!lenient) {
                throw where.error("free of a block that is not live");
            }
            if (!byTag && in.thread != Event.NONE) {
                hold(in);
                return false;
            }
            repaired(Kind.FREE_NOT_LIVE, in);
            where.dropped();
            return false;
        }
        checkTag(in, old);
        describe(old, in);
        in.index = emitted++;
        return true;
    }

    /** The slot of the block a free or realloc names, checking a written tag against the live one. */
    private int findOld(Event in) {
        if (byTag) {
            return live.find(in.oldTag);
        }
        int s = live.find(in.oldAddress);
        if (s >= 0) {
            checkTag(in, s);
        }
        return s;
    }

    /** A tag written on the pointer a free or realloc names must be the live block's. */
    private void checkTag(Event in, int s) {
        if (!byTag && in.oldTag != 0 && in.oldTag != live.tag(s)) {
            throw where.error("tag <" + Long.toUnsignedString(in.oldTag) + "> does not match the live block's tag <"
                    + Long.toUnsignedString(live.tag(s)) + "> (allocated at " + where(s) + ")");
        }
    }

    /** Fills the old-block fields of {@code out} from slot {@code s} and forgets the block. */
    private void release(int s, long key, Event out) {
        describe(s, out);
        live.remove(key, s);
    }

    /** Fills the old-block fields of {@code out} from slot {@code s}. */
    private void describe(int s, Event out) {
        out.oldAddress = live.address(s);
        out.oldTag = live.tag(s);
        out.oldSize = live.size(s);
        out.oldIndex = live.index(s);
        out.oldLine = live.line(s);
    }

    private String where(int s) {
        return live.line(s) != Event.NONE ? "line " + live.line(s) : "event " + live.index(s);
    }

    private static String name(Op op) {
        return switch (op) {
            case MALLOC -> "malloc";
            case CALLOC -> "calloc";
            case ALIGNED -> "memalign";
            case REALLOC -> "realloc";
            case FREE -> "free";
        };
    }
}
