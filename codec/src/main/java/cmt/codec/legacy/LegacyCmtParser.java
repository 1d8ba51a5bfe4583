package cmt.codec.legacy;

import cmt.codec.Event;
import cmt.codec.Op;
import cmt.codec.TraceException;
import cmt.codec.resolve.EventParser;
import java.io.IOException;
import java.io.InputStream;

/** Decodes the {@link LegacyCmt} layout into tag-keyed raw events. */
public final class LegacyCmtParser implements EventParser {
    private final InputStream in;
    private final String name;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long base;
    private long recordStart;
    private long last;

    /** A parser of {@code in}; {@code name} is used in messages. */
    public LegacyCmtParser(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public boolean keyedByTag() {
        return true;
    }

    @Override
    public boolean next(Event e) {
        if (pos == limit && !fill()) {
            return false;
        }
        recordStart = base + pos;
        e.clear();
        long size = varint();
        long olddist = varint();
        if (size == 0) {
            e.op = Op.FREE;
            e.oldTag = oldTag(olddist);
            if (olddist == 0) {
                throw error("free record with olddist 0");
            }
            return true;
        }
        long delta = varint();
        if (delta == 0) {
            throw error("newdelta 0: tag not greater than the previous tag");
        }
        e.size = size;
        if (olddist == 0) {
            e.op = Op.MALLOC;
        } else {
            e.op = Op.REALLOC;
            e.oldTag = oldTag(olddist);
        }
        e.tag = last + delta;
        if (Long.compareUnsigned(e.tag, last) <= 0) {
            throw error("tag overflows 64 bits");
        }
        last = e.tag;
        return true;
    }

    private long oldTag(long olddist) {
        if (Long.compareUnsigned(olddist, last) > 0) {
            throw error("olddist " + Long.toUnsignedString(olddist) + " refers to no block (last tag is "
                    + last + ")");
        }
        return last + 1 - olddist;
    }

    private long varint() {
        long v = 0;
        for (int i = 0; i < LegacyCmt.MAX_VARINT_BYTES; i++) {
            if (pos == limit && !fill()) {
                throw error("truncated record at end of input");
            }
            int b = buf[pos++] & 0xff;
            long group = b & 0x7f;
            if (i == 9 && group > 1) {
                throw error("integer does not fit in 64 bits");
            }
            v |= group << (7 * i);
            if ((b & LegacyCmt.LAST) != 0) {
                return v;
            }
        }
        throw error("integer longer than " + LegacyCmt.MAX_VARINT_BYTES + " bytes");
    }

    private boolean fill() {
        base += limit;
        pos = limit = 0;
        try {
            int n;
            do {
                n = in.read(buf, 0, buf.length);
            } while (n == 0);
            if (n < 0) {
                return false;
            }
            limit = n;
            return true;
        } catch (IOException ex) {
            throw new TraceException(name + ": read error at byte " + base + ": " + TraceException.reason(ex), ex);
        }
    }

    @Override
    public TraceException error(String what) {
        return TraceException.atByte(name, recordStart, what);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // An input's failed close loses nothing.
        }
    }
}
