package cmt.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The codec's public face stays small, and the other modules keep to it: they name the types of
 * {@code cmt.codec} and {@code cmt.codec.convert.Converter}, never a parser, a coding or the resolver.
 */
class PublicApiTest {
    private static final Path ROOT = Path.of(System.getProperty("cmt.root", ".."));
    private static final Path API = ROOT.resolve("codec/src/main/java/cmt/codec");
    /** A reference to a codec type: an import or a qualified name in code. */
    private static final Pattern REFERENCE = Pattern.compile("\\bcmt\\.codec\\.((?:[a-z]\\w*\\.)*)([A-Z]\\w*)");

    @Test
    void theApiPackageHoldsAtMostThirteenTypes() throws IOException {
        Set<String> types = publicTypes();
        assertTrue(types.size() <= 13, "public types of cmt.codec: " + types);
        try (Stream<Path> files = Files.list(API)) {
            List<String> other = files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("package-info.java") && !types.contains(n.replace(".java", "")))
                    .toList();
            assertEquals(List.of(), other, "files of cmt.codec that are not public types");
        }
    }

    @Test
    void otherModulesUseOnlyThePublicTypes() throws IOException {
        Set<String> allowed = new TreeSet<>();
        publicTypes().forEach(t -> allowed.add("cmt.codec." + t));
        allowed.add("cmt.codec.convert.Converter");
        // The converter of cmt's own recorder also gives what only it knows: processes, sites, its source.
        allowed.add("cmt.codec.convert.PreloadConverter");
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                if (module.getFileName().toString().equals("codec")) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        Matcher m = REFERENCE.matcher(Files.readString(f));
                        while (m.find()) {
                            String type = "cmt.codec." + m.group(1) + m.group(2);
                            if (!allowed.contains(type)) {
                                wrong.add(ROOT.relativize(f) + ": " + type);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, "references to codec internals from other modules' main code");
    }

    /** The names of the top-level public types declared in cmt.codec. */
    private static Set<String> publicTypes() throws IOException {
        Pattern decl = Pattern.compile("(?m)^public (?:final |abstract |sealed |non-sealed )*(?:class|interface|enum|record) (\\w+)");
        Set<String> types = new TreeSet<>();
        try (Stream<Path> files = Files.list(API)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = decl.matcher(Files.readString(f));
                if (m.find()) {
                    types.add(m.group(1));
                }
            }
        }
        return types;
    }
}
