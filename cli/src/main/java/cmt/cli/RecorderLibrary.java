package cmt.cli;

import cmt.codec.TraceException;
import cmt.codec.convert.Converter;
import cmt.codec.convert.PreloadConverter;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The shared libraries {@code cmt record} preloads, from their C sources (codec resources, beside the
 * converters that read what they write): cmt's recorder, and the few lines that start glibc's mtrace.
 * Each is built with the machine's gcc the first time it is needed and kept in the user's cache under a
 * name holding the source's hash, so that a changed source is rebuilt and two cmt versions never share a
 * library. The build goes to a temporary name and is renamed into place: a cmt stopped half-way leaves no
 * library that half works.
 */
final class RecorderLibrary {
    private RecorderLibrary() {
    }

    /** cmt's recorder, building it if needed. */
    static Path recorder() {
        return build("the recorder", "cmt-recorder", PreloadConverter.recorderSource(), "-ldl", "-lpthread");
    }

    /** The library that calls glibc's mtrace() as a program starts, building it if needed. */
    static Path mtraceStart() {
        return build("the library that starts mtrace", "cmt-mtrace-start", Converter.mtraceStartSource());
    }

    /** {@code NAME-HASH.so} in the cache, built from {@code source} and linked with {@code libraries} if missing. */
    private static Path build(String what, String name, byte[] source, String... libraries) {
        String hash = HexFormat.of().formatHex(sha256(source), 0, 8);
        Path dir = cacheDir();
        Path lib = dir.resolve(name + "-" + hash + ".so");
        if (Files.isReadable(lib)) {
            return lib;
        }
        try {
            Files.createDirectories(dir);
            Path src = Files.createTempFile(dir, "." + name + "-", ".c");
            Path tmp = dir.resolve("." + name + "-" + hash + "-" + ProcessHandle.current().pid() + ".so");
            try {
                Files.write(src, source);
                List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-g", "-shared", "-fPIC",
                        "-fvisibility=hidden", "-o", tmp.toString(), src.toString()));
                command.addAll(List.of(libraries));
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
                Process p;
                try {
                    p = pb.start();
                } catch (IOException e) {
                    throw new TraceException("record: building " + what + " needs gcc, which is not installed "
                            + "(apt-get install gcc), or choose another recorder with --with");
                }
                String log = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0) {
                    throw new TraceException("record: gcc could not build " + what + ": "
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
            throw new TraceException("record: cannot build " + what + " in " + dir + ": " + TraceException.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraceException("record: interrupted while building " + what);
        }
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
