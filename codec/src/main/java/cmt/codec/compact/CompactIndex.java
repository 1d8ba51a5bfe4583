package cmt.codec.compact;

import cmt.codec.TraceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The block index at the end of a compact file (see {@link CompactFormat}): how many events the file
 * holds and where each block starts, read without decoding anything.
 *
 * <pre>{@code
 * CompactIndex ix = CompactIndex.read(Path.of("big.cmtz"));
 * long n = ix.events();                       // instantly, whatever the file's length
 * int b = ix.blockOf(5_000_000);              // the block holding event 5,000,000
 * long at = ix.offset(b);                     // its byte offset in the file
 * long s = ix.sitesOffset();                  // where the call sites are, 0 if the file has none
 * }</pre>
 */
public final class CompactIndex {
    private final long events;
    private final long[] first;
    private final long[] offset;
    private final long sites;

    private CompactIndex(long events, long[] first, long[] offset, long sites) {
        this.events = events;
        this.first = first;
        this.offset = offset;
        this.sites = sites;
    }

    /** Reads the index of the compact file {@code path}; a file without a valid index is an error. */
    public static CompactIndex read(Path path) {
        String name = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < CompactFormat.MAGIC.length + CompactFormat.FOOTER) {
                throw TraceException.atByte(name, 0, "too short for a compact trace");
            }
            ByteBuffer foot = read(ch, size - CompactFormat.FOOTER, CompactFormat.FOOTER, name);
            if (!CompactFormat.hasEndMagic(foot.array(), 8)) {
                throw TraceException.atByte(name, size - 8, "no compact index (bad end magic: damaged or cut file)");
            }
            int version = read(ch, CompactFormat.MAGIC.length, 1, name).get(0);
            if (version < 1 || version > CompactFormat.VERSION) {
                throw TraceException.atByte(name, CompactFormat.MAGIC.length, "compact format version " + version
                        + " is not supported (this reader knows versions 1 to " + CompactFormat.VERSION + ")");
            }
            long at = foot.getLong(0);
            long least = CompactFormat.indexBytes(version, 0);
            if (at < 0 || at > size - CompactFormat.FOOTER - least) {
                throw TraceException.atByte(name, size - CompactFormat.FOOTER, "index offset " + at + " outside the file");
            }
            ByteBuffer head = read(ch, at, (int) least - 4, name);
            int blocks = head.getInt(4);
            long length = CompactFormat.indexBytes(version, Integer.toUnsignedLong(blocks));
            if (head.getInt(0) != CompactFormat.INDEX_MARKER || at + length != size - CompactFormat.FOOTER) {
                throw TraceException.atByte(name, at, "index does not fit the file");
            }
            ByteBuffer all = read(ch, at, (int) length, name);
            CRC32C crc = new CRC32C();
            crc.update(all.array(), 0, (int) length - 4);
            if ((int) crc.getValue() != all.getInt((int) length - 4)) {
                throw TraceException.atByte(name, at, "index checksum mismatch");
            }
            int entries = (int) least - 4;
            long sites = version >= 5 ? all.getLong(16) : 0;
            if (sites < 0 || sites >= at) {
                throw TraceException.atByte(name, at + 16, "sites offset " + sites + " outside the file");
            }
            long[] first = new long[blocks];
            long[] offset = new long[blocks];
            for (int i = 0; i < blocks; i++) {
                first[i] = all.getLong(entries + 16 * i);
                offset[i] = all.getLong(entries + 8 + 16 * i);
            }
            return new CompactIndex(head.getLong(8), first, offset, sites);
        } catch (NoSuchFileException e) {
            throw new TraceException(name + ": no such file");
        } catch (IOException e) {
            throw new TraceException(name + ": cannot read: " + TraceException.reason(e), e);
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int n, String name) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw TraceException.atByte(name, at + b.position(), "truncated compact file");
            }
        }
        return b;
    }

    /** Events in the file. */
    public long events() {
        return events;
    }

    /** Byte offset of the sites section (version 5), whose table names the events' call sites; 0 if none. */
    public long sitesOffset() {
        return sites;
    }

    /** Blocks in the file. */
    public int blocks() {
        return first.length;
    }

    /** Index of the first event of block {@code b}. */
    public long firstEvent(int b) {
        return first[b];
    }

    /** Byte offset of block {@code b} in the file. */
    public long offset(int b) {
        return offset[b];
    }

    /** The block holding event {@code event} (0-based), or -1 if the file has fewer events. */
    public int blockOf(long event) {
        if (event < 0 || event >= events) {
            return -1;
        }
        int i = Arrays.binarySearch(first, event);
        return i >= 0 ? i : -i - 2;
    }
}
