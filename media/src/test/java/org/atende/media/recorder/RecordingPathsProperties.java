package org.atende.media.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RecordingPathsProperties {

    static final Path DIR = Path.of("/data/recordings/2025/03/07");

    @Provide
    Arbitrary<String> callIds() {
        Arbitrary<String> hostile = Arbitraries.of("..", ".", "/", "\\", "../", "..\\", "\u0000", "\r\n", "-", "~",
                "%2e%2e%2f", "C:", "\u202e", "€").list().ofMaxSize(12).map(l -> String.join("", l));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), Arbitraries.strings().all().ofMaxLength(40),
                hostile);
    }

    @Property(tries = 2000)
    void anyCallIdGivesAPlainFileNameInsideTheDirectory(@ForAll("callIds") String callId) {
        String name = RecordingPaths.fileName(callId);

        assertThat(name).matches("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,95}\\.wav");
        Path file = DIR.resolve(name);
        assertThat(file.getParent()).isEqualTo(DIR);
        assertThat(file.normalize()).isEqualTo(file);
        assertThat(file.getFileName().toString()).isEqualTo(name);
    }

    @Property
    void sanitisingKeepsOrdinaryCallIdsReadable(@ForAll("ordinary") String callId) {
        assertThat(RecordingPaths.baseName(callId)).isEqualTo(callId);
    }

    @Provide
    Arbitrary<String> ordinary() {
        Arbitrary<Character> first = Arbitraries.chars().alpha().numeric();
        Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars('.', '-', '_', '@').ofMaxLength(60);
        return first.flatMap(f -> rest.map(r -> f + r));
    }

    @Example
    void dailyDirectoryIsYearMonthDay() {
        assertThat(RecordingPaths.dailyDirectory(Path.of("data", "recordings"), LocalDate.of(2025, 3, 7)))
                .isEqualTo(Path.of("data", "recordings", "2025", "03", "07"));
    }

    @Example
    void emptyOrNullCallIdsStillGetAName() {
        assertThat(RecordingPaths.fileName("")).isEqualTo("call.wav");
        assertThat(RecordingPaths.fileName(null)).isEqualTo("call.wav");
    }
}
