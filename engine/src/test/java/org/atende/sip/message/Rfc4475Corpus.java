package org.atende.sip.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Locates the RFC 4475 torture messages ({@code ../shared/conformance/rfc4475} from the project root)
 * by walking up from the working directory. Tests skip themselves when the folder is absent.
 */
final class Rfc4475Corpus {

    static final String RELATIVE = "shared/conformance/rfc4475";

    private Rfc4475Corpus() {
    }

    static Optional<Path> folder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve(RELATIVE), dir.resolve("..").resolve(RELATIVE))) {
                if (Files.isDirectory(candidate)) {
                    return Optional.of(candidate.normalize());
                }
            }
        }
        return Optional.empty();
    }

    static String missingMessage() {
        return "RFC 4475 torture messages not found: no " + RELATIVE + " or ../" + RELATIVE
                + " above " + Path.of("").toAbsolutePath();
    }

    static List<Path> files(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".dat")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
