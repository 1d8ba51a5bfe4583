package cmt.codec.convert;

import cmt.codec.TraceException;
import cmt.codec.resolve.Position;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;

/**
 * The lines of a recorder's output with their numbers, so that every error and every normalisation can
 * name the input line. Bytes are read as ISO-8859-1: recorder output is ASCII, and nothing in it is
 * worth failing over an encoding error.
 */
final class LineSource implements Position, AutoCloseable {
    /** How often (in lines) the thread's interrupt flag is checked, as {@code TraceReader} does. */
    private static final int CHECK_EVERY = 1 << 16;

    private final BufferedReader in;
    private final String name;
    private long number;
    private String text = "";

    LineSource(InputStream in, String name) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16);
        this.name = name;
    }

    /** The next line without its line end, or null at the end. */
    String next() {
        try {
            String s = in.readLine();
            if (s == null) {
                return null;
            }
            if ((++number & (CHECK_EVERY - 1)) == 0 && Thread.currentThread().isInterrupted()) {
                throw new CancellationException(name + ": interrupted at line " + number);
            }
            text = s;
            return s;
        } catch (IOException e) {
            throw new TraceException(name + ": read error after line " + number + ": " + e.getMessage(), e);
        }
    }

    /** The number (1-based) of the line last returned. */
    long number() {
        return number;
    }

    /** The input's name as used in messages. */
    String name() {
        return name;
    }

    /** An error at the current line: {@code NAME:LINE: what: line text}. */
    @Override
    public TraceException error(String what) {
        return TraceException.atLine(name, number, what, text);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // An input that fails to close has lost nothing.
        }
    }
}
