package org.atende.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.atende.config.AtendeConfig;
import org.atende.config.ConfigLoader;
import org.atende.ivr.speech.QueueSpeech;
import org.atende.media.player.PromptCache;
import org.junit.jupiter.api.Test;

/** What is decoded before the first call. */
class PromptPreloadTest {

    /**
     * The demo's queues announce the position: every prompt {@link QueueSpeech} can name (number words included) is
     * bundled by module media and in memory, so no announcement is ever cut short by a missing word.
     */
    @Test
    void aQueueThatAnnouncesThePositionHasEveryWordOfItsAnnouncementsLoaded() throws Exception {
        AtendeConfig demo;
        try (InputStream in = ConfigLoader.class.getResourceAsStream("demo.yaml")) {
            demo = ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.yaml", Map.of());
        }
        assertThat(demo.queues().values()).anyMatch(q -> q.announcePosition().isPresent());

        PromptCache prompts = PromptPreload.load(demo);

        assertThat(QueueSpeech.prompts()).isNotEmpty()
                .allSatisfy(p -> assertThat(prompts.getBuiltin(p)).as(p).isNotNull());
    }
}
