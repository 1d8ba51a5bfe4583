package cmt.cli;

import cmt.codec.TraceException;
import cmt.codec.convert.PreloadConverter;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * cmt's recorder as a shared library: its C source (a codec resource, beside the stream's reader) built
 * with the machine's gcc the first time {@code cmt record} needs it, and kept in the user's cache under a
 * name holding the source's hash, so that a changed source is rebuilt and two cmt versions never share a
 * library. The build goes to a temporary name and is renamed into place: a cmt stopped half-way leaves no
 * library that half works.
 */
final class RecorderLibrary {
    private RecorderLibrary() {
    }

    /** The built library, building it if needed. */
    static Path get() {
        byte[] source = source();
        String hash = HexFormat.of().formatHex(sha256(source), 0, 8);
        Path dir = cacheDir();
        Path lib = dir.resolve("cmt-recorder-" + hash + ".so");
        if (Files.isReadable(lib)) {
            return lib;
        }
        try {
            Files.createDirectories(dir);
            Path src = Files.createTempFile(dir, ".cmt-recorder-", ".c");
            Path tmp = dir.resolve(".cmt-recorder-" + hash + "-" + ProcessHandle.current().pid() + ".so");
            try {
                Files.write(src, source);
                ProcessBuilder pb = new ProcessBuilder("gcc", "-O2", "-g", "-shared", "-fPIC", "-fvisibility=hidden",
                        "-o", tmp.toString(), src.toString(), "-ldl", "-lpthread").redirectErrorStream(true);
                Process p;
                try {
                    p = pb.start();
                } catch (IOException e) {
                    throw new TraceException("record: building the recorder needs gcc, which is not installed "
                            + "(apt-get install gcc), or choose another recorder with --with");
                }
                String log = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0) {
                    throw new TraceException("record: gcc could not build the recorder: "
                            + log.lines().filter(l -> l.contains("error")).findFirst().orElse(log.strip()));
                }
                try {
                    Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING);
                }
                return lib;
            } finally {
                Files.deleteIfExists(src);
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new TraceException("record: cannot build the recorder in " + dir + ": " + TraceException.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraceException("record: interrupted while building the recorder");
        }
    }

    private static byte[] source() {
        return PreloadConverter.recorderSource();
    }

    /** {@code $XDG_CACHE_HOME/cmt}, else {@code ~/.cache/cmt}, else the temporary directory. */
    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "cmt");
        }
        String home = System.getProperty("user.home");
        if (home != null && Files.isWritable(Path.of(home))) {
            return Path.of(home, ".cache", "cmt");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "cmt-" + System.getProperty("user.name"));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
