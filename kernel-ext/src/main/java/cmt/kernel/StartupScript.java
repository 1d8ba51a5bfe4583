package cmt.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.reflect.AccessFlag;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The Java the "Java (cmt)" kernel runs before the first cell: imports of cmt's and tablesaw's packages,
 * then {@link IJavaKernel#install()}. Written by {@code cmt kernel install} from what the kernel's class
 * path holds, so a package that does not exist yet (a module still empty) is left out instead of
 * failing every notebook.
 *
 * <p>Packages are imported on demand ({@code import p.*}). Where two of them, or one of them and a package
 * IJava imports ({@code java.util}, {@code java.io}, ...), define the same public simple name, a use of
 * that name would not compile ("reference to Trace is ambiguous"); the script then adds a single-type
 * import for the first owner in {@link #PACKAGES} order, so {@code Trace} is {@code cmt.dsl.Trace} and
 * tablesaw's is written {@code tech.tablesaw.plotly.traces.Trace}. Those lines are listed in the script.
 */
final class StartupScript {
    /** Imported on demand when present, in order of precedence for names defined twice. */
    static final List<String> PACKAGES = List.of("cmt.dsl", "cmt.replay", "cmt.codec", "cmt.kernel",
            "tech.tablesaw.api", "tech.tablesaw.plotly.api", "tech.tablesaw.plotly.components",
            "tech.tablesaw.plotly.traces", "java.nio.file");
    /** What IJava's own startup script imports on demand; these lose every tie. */
    static final List<String> IJAVA_PACKAGES = List.of("java.util", "java.io", "java.math", "java.net",
            "java.util.concurrent", "java.util.prefs", "java.util.regex");

    private StartupScript() {
    }

    /** The script for a kernel whose class path is {@code classpath} (jars or class folders). */
    static String script(List<Path> classpath) {
        Map<String, Set<String>> types = new LinkedHashMap<>();
        for (String p : PACKAGES) {
            Set<String> names = p.startsWith("java.") ? jdkTypes(p) : classpathTypes(classpath, p);
            if (!names.isEmpty()) {
                types.put(p, names);
            }
        }
        Map<String, String> owner = new TreeMap<>();
        Map<String, Integer> owners = new TreeMap<>();
        types.forEach((p, names) -> names.forEach(n -> {
            owner.putIfAbsent(n, p);
            owners.merge(n, 1, Integer::sum);
        }));
        for (String p : IJAVA_PACKAGES) {
            for (String n : jdkTypes(p)) {
                owners.computeIfPresent(n, (k, v) -> v + 1);
            }
        }
        StringBuilder b = new StringBuilder()
                .append("// Startup of the \"Java (cmt)\" kernel, written by `cmt kernel install` (cmt ")
                .append(Versions.CMT).append("); rewritten by every install.\n");
        types.keySet().forEach(p -> b.append("import ").append(p).append(".*;\n"));
        List<String> ties = new ArrayList<>();
        owners.forEach((n, count) -> {
            if (count > 1) {
                ties.add("import " + owner.get(n) + "." + n + ";\n");
            }
        });
        if (!ties.isEmpty()) {
            b.append("// Names defined by more than one imported package, resolved in favour of the first above:\n");
            ties.forEach(b::append);
        }
        return b.append("import static cmt.kernel.Notebook.*;\n")
                .append("cmt.kernel.IJavaKernel.install();\n")
                .toString();
    }

    /** Public top-level types of one package (not its subpackages) found on a class path. */
    static Set<String> classpathTypes(List<Path> classpath, String pkg) {
        String dir = pkg.replace('.', '/') + "/";
        Set<String> names = new TreeSet<>();
        for (Path entry : classpath) {
            try {
                if (Files.isDirectory(entry)) {
                    Path d = entry.resolve(dir);
                    if (Files.isDirectory(d)) {
                        try (Stream<Path> files = Files.list(d)) {
                            for (Path f : (Iterable<Path>) files::iterator) {
                                if (Files.isRegularFile(f)) {
                                    addIfPublic(names, f.getFileName().toString(), Files.readAllBytes(f));
                                }
                            }
                        }
                    }
                } else if (Files.isRegularFile(entry)) {
                    try (JarFile jar = new JarFile(entry.toFile())) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            JarEntry je = e.nextElement();
                            String name = je.getName();
                            if (name.startsWith(dir) && name.indexOf('/', dir.length()) < 0) {
                                try (InputStream in = jar.getInputStream(je)) {
                                    addIfPublic(names, name.substring(dir.length()), in.readAllBytes());
                                }
                            }
                        }
                    }
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(entry + ": cannot read: " + ex.getMessage(), ex);
            }
        }
        return names;
    }

    /** Public top-level types of a JDK package, from the running JDK's image. */
    static Set<String> jdkTypes(String pkg) {
        Set<String> names = new TreeSet<>();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        Path modules = jrt.getPath("/packages", pkg);
        if (!Files.isDirectory(modules)) {
            return names;
        }
        try (Stream<Path> ms = Files.list(modules)) {
            for (Path m : (Iterable<Path>) ms::iterator) {
                Path d = jrt.getPath("/modules", m.getFileName().toString(), pkg.replace('.', '/'));
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        if (Files.isRegularFile(f)) {
                            addIfPublic(names, f.getFileName().toString(), Files.readAllBytes(f));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static void addIfPublic(Set<String> names, String file, byte[] bytes) {
        if (!file.endsWith(".class") || file.indexOf('$') >= 0 || file.equals("package-info.class")
                || file.equals("module-info.class")) {
            return;
        }
        if (ClassFile.of().parse(bytes).flags().has(AccessFlag.PUBLIC)) {
            names.add(file.substring(0, file.length() - ".class".length()));
        }
    }
}
