package cmt.dsl.annotate;

import cmt.codec.AsciiSink;
import cmt.codec.Event;
import cmt.codec.TraceReader;

/**
 * A pass that prints every trace line, some with a note: the shared frame of the original
 * {@code lifetimes.py} and {@code overhead.py}, whose output cmt reproduces byte for byte.
 *
 * <p>An annotated line is the input line (right-stripped) left-justified to {@value #WIDTH} characters,
 * then {@code " # "}, then the note; a longer line is not cut. A line with no note is printed as read
 * (right-stripped). Lines are numbered from 1 counting every input line; a binary input has no lines, so
 * there event {@code i} is line {@code i + 1} and is printed in the tagged text form.
 */
public abstract class Annotation {
    /** Column the notes start after, as in the originals. */
    public static final int WIDTH = 49;

    /** The pass's output. */
    protected final AsciiSink out;

    protected Annotation(AsciiSink out) {
        this.out = out;
    }

    /** Annotates every event of {@code reader}; returns the number of events. */
    public final long run(TraceReader reader) {
        reader.onOtherLine((n, buf, off, len) -> out.bytes(buf, off, len).newline());
        Event e = new Event();
        long n = 0;
        while (reader.next(e)) {
            n++;
            if (e.line == Event.NONE && reader.lineBuffer() != null) {
                apply(e, false);
                continue;
            }
            if (reader.lineBuffer() != null) {
                out.bytes(reader.lineBuffer(), reader.lineStart(), reader.lineLength());
            } else {
                out.event(e, true);
            }
            apply(e, true);
            out.newline();
        }
        out.flush();
        return n;
    }

    /** The 1-based line of the event (its index + 1 for binary input). */
    protected static long lineOf(Event e) {
        return e.line != Event.NONE ? e.line : e.index + 1;
    }

    /** The 1-based line at which the block that {@code e} ends was created. */
    protected static long oldLineOf(Event e) {
        return e.oldLine != Event.NONE ? e.oldLine : e.oldIndex + 1;
    }

    /** Starts the note of the current line: pads to {@link #WIDTH} and writes the separator. */
    protected final AsciiSink note() {
        return out.padTo(WIDTH).text(" # ");
    }

    /** Updates the pass's state with {@code e} and, if {@code print}, appends the line's note. */
    protected abstract void apply(Event e, boolean print);
}
