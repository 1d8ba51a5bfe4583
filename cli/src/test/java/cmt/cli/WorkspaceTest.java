package cmt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace of {@code cmt notebook}: copies made once, refreshed only while the user has not changed them. */
class WorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void copiesOnceRefreshesUntouchedCopiesAndKeepsChangedOnes() throws IOException {
        Path originals = Files.createDirectories(dir.resolve("notebooks"));
        Path work = dir.resolve("workspace");
        Files.writeString(originals.resolve("a.ipynb"), "a1");
        Files.writeString(originals.resolve("b.ipynb"), "b1");
        Files.writeString(originals.resolve("notes.txt"), "not a notebook");

        assertEquals(List.of(), Workspace.update(originals, work));
        assertEquals("a1", Files.readString(work.resolve("a.ipynb")));
        assertEquals("b1", Files.readString(work.resolve("b.ipynb")));
        assertFalse(Files.exists(work.resolve("notes.txt")));

        // The user works in b; then both originals change (a new version of the repository).
        Files.writeString(work.resolve("b.ipynb"), "b1 with my outputs");
        assertEquals(List.of(), Workspace.update(originals, work), "nothing changed upstream: nothing to say");
        Files.writeString(originals.resolve("a.ipynb"), "a2");
        Files.writeString(originals.resolve("b.ipynb"), "b2");
        List<String> notes = Workspace.update(originals, work);
        assertEquals("a2", Files.readString(work.resolve("a.ipynb")), "an untouched copy follows the original");
        assertEquals("b1 with my outputs", Files.readString(work.resolve("b.ipynb")), "a changed copy is kept");
        assertEquals("b2", Files.readString(work.resolve("b.updated.ipynb")));
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).endsWith("b.ipynb: your changed copy is kept; the new version is b.updated.ipynb"), notes.get(0));

        // A copy deleted by the user comes back; a copy made elsewhere that equals the original is adopted.
        Files.delete(work.resolve("a.ipynb"));
        Files.writeString(originals.resolve("c.ipynb"), "c1");
        Files.writeString(work.resolve("c.ipynb"), "c1");
        Workspace.update(originals, work);
        assertEquals("a2", Files.readString(work.resolve("a.ipynb")));
        assertEquals("c1", Files.readString(work.resolve("c.ipynb")));
        try (var left = Files.list(work)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }
}
