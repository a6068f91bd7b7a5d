package org.atende.media.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class PromptCacheTest {

    @Test
    void builtinPromptsComeFromTheClasspathDecodedOnce() throws Exception {
        PromptCache cache = new PromptCache();
        assertThat(cache.getBuiltin("builtin:test/tone.wav")).isNull();
        Prompt first = cache.loadBuiltin("builtin:test/tone.wav");
        assertThat(first.length()).isEqualTo(1600);
        assertThat(cache.loadBuiltin("builtin:test/tone.wav")).isSameAs(first);
        assertThat(cache.getBuiltin("builtin:test/tone.wav")).isSameAs(first);
    }

    @Test
    void theDemoPromptsAreBundled() throws Exception {
        Prompt welcome = new PromptCache().loadBuiltin("builtin:pt-BR/bem-vindo.wav");
        assertThat(welcome.duration().toMillis()).isBetween(1000L, 6000L);
    }

    @Test
    void unknownOrEscapingBuiltinNamesAreRefused() {
        PromptCache cache = new PromptCache();
        assertThatThrownBy(() -> cache.loadBuiltin("builtin:test/nope.wav")).isInstanceOf(IOException.class)
                .hasMessageContaining("no bundled prompt");
        assertThatThrownBy(() -> cache.loadBuiltin("builtin:../../../etc/passwd")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> cache.loadBuiltin("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
