package cmt.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The user's own copies of the bundled notebooks, which {@code cmt notebook} opens instead of the
 * committed ones: Jupyter saves whatever it opens (metadata at once, outputs after a run), and the
 * committed notebooks must stay as they are. Each notebook is copied once; a later version of it replaces
 * the copy only if the user never changed the copy, and is otherwise put beside it as
 * {@code NAME.updated.ipynb}. The file {@value #MANIFEST} in the workspace remembers, per notebook, the
 * SHA-256 of the original last copied, which is how a changed copy is told from an old one.
 */
final class Workspace {
    static final String MANIFEST = ".cmt-originals";

    private Workspace() {
    }

    /**
     * Brings {@code workspace} up to date with the notebooks in {@code originals}; returns a line for each
     * thing the user should know (a copy kept because they changed it).
     */
    static List<String> update(Path originals, Path workspace) {
        List<String> notes = new ArrayList<>();
        try {
            Files.createDirectories(workspace);
            Path manifestFile = workspace.resolve(MANIFEST);
            Properties manifest = new Properties();
            if (Files.isRegularFile(manifestFile)) {
                try (InputStream in = Files.newInputStream(manifestFile)) {
                    manifest.load(in);
                }
            }
            try (DirectoryStream<Path> all = Files.newDirectoryStream(originals, "*.ipynb")) {
                for (Path original : all) {
                    String name = original.getFileName().toString();
                    String now = sha256(original);
                    Path copy = workspace.resolve(name);
                    if (!Files.exists(copy)) {
                        copy(original, copy);
                        manifest.setProperty(name, now);
                        continue;
                    }
                    if (now.equals(manifest.getProperty(name))) {
                        continue;
                    }
                    String mine = sha256(copy);
                    if (mine.equals(now)) {
                        manifest.setProperty(name, now);
                    } else if (mine.equals(manifest.getProperty(name))) {
                        copy(original, copy);
                        manifest.setProperty(name, now);
                    } else {
                        String updated = name.substring(0, name.length() - ".ipynb".length()) + ".updated.ipynb";
                        copy(original, workspace.resolve(updated));
                        notes.add(workspace.resolve(name) + ": your changed copy is kept; the new version is "
                                + updated);
                    }
                }
            }
            Path tmp = workspace.resolve(MANIFEST + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                manifest.store(out, "SHA-256 of each bundled notebook as last copied here by cmt notebook");
            }
            Files.move(tmp, manifestFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(workspace + ": cannot copy the notebooks: " + e.getMessage(), e);
        }
        return notes;
    }

    /** Copies whole or not at all: a notebook half written would be a broken one. */
    private static void copy(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling("." + to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
