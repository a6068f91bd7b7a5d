package org.atende.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.atende.sip.transaction.Messages.BOB;
import static org.atende.sip.transaction.Messages.BOB_TCP;

import gov.nist.javax.sip.message.SIPRequest;
import org.junit.jupiter.api.Test;

class NonInviteClientTransactionTest {

    private final ManualTimerService timers = new ManualTimerService();
    private final RecordingSender sender = new RecordingSender(timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer = new TransactionLayer(sender, timers, SipTimers.RFC3261, user, Runnable::run);
    private final RecordingClientListener listener = new RecordingClientListener();
    private final SIPRequest bye = Messages.request("BYE").toTag("bob-1").branch(TransactionLayer.newBranch()).build();

    private ClientTransaction send() {
        return layer.sendRequest(bye, BOB, listener);
    }

    private void receive(int status) {
        layer.onResponse(Messages.response(bye, status, "bob-1"), BOB);
    }

    @Test
    void timerERetransmitsDoublingUpToT2() {
        ClientTransaction tx = send();
        assertThat(tx.state()).isEqualTo(TransactionState.TRYING);

        timers.advanceMillis(20_000);

        assertThat(sender.times()).containsExactly(0L, 500L, 1_500L, 3_500L, 7_500L, 11_500L, 15_500L, 19_500L);
    }

    @Test
    void provisionalMakesTimerERetransmitEveryT2() {
        ClientTransaction tx = send();
        timers.advanceMillis(600);
        receive(100);
        assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);

        timers.advanceMillis(14_000);

        assertThat(sender.times()).containsExactly(0L, 500L, 1_500L, 5_500L, 9_500L, 13_500L);
    }

    @Test
    void timerFFiresOnTimeoutAfter64T1() {
        ClientTransaction tx = send();
        receive(100);

        timers.advanceMillis(31_999);
        assertThat(listener.timeouts).isEmpty();
        timers.advanceMillis(1);

        assertThat(listener.timeouts).containsExactly(tx);
        assertThat(layer.size()).isZero();
        int sent = sender.sent().size();
        timers.advanceMillis(60_000);
        assertThat(sender.sent()).hasSize(sent);
    }

    @Test
    void finalResponseIsPassedUpOnceAndRetransmissionsAbsorbed() {
        ClientTransaction tx = send();
        receive(100);
        receive(200);
        receive(200);
        receive(500);

        assertThat(listener.statuses()).containsExactly(100, 200);
        assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
        assertThat(user.strays).isEmpty();
        timers.advanceMillis(4_999);
        assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
        timers.advanceMillis(1);
        assertThat(tx.state()).as("Timer K = T4").isEqualTo(TransactionState.TERMINATED);
        assertThat(sender.summary()).containsExactly("BYE");
        assertThat(layer.size()).isZero();
    }

    @Test
    void tcpHasNoRetransmissions() {
        ClientTransaction tx = layer.sendRequest(bye, BOB_TCP, listener);
        timers.advanceMillis(31_000);
        assertThat(sender.summary()).containsExactly("BYE");

        layer.onResponse(Messages.response(bye, 200, "bob-1"), BOB_TCP);

        assertThat(tx.state()).as("Timer K is zero on TCP").isEqualTo(TransactionState.TERMINATED);
        assertThat(layer.size()).isZero();
    }

    @Test
    void transportErrorOnARetransmissionTerminates() {
        ClientTransaction tx = send();
        sender.failAll();

        timers.advanceMillis(500);

        assertThat(listener.transportErrors).hasSize(1);
        assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
        timers.advanceMillis(60_000);
        assertThat(listener.timeouts).isEmpty();
        assertThat(sender.failures()).isEqualTo(1);
        assertThat(layer.size()).isZero();
    }

    @Test
    void cancelHasNoEffectOnNonInvite() {
        ClientTransaction tx = send();

        tx.cancel();

        assertThat(sender.summary()).containsExactly("BYE");
        assertThat(layer.size()).isEqualTo(1);
    }

    @Test
    void ackAndReusedBranchesAreRefused() {
        send();

        assertThatThrownBy(() -> layer.sendRequest(bye, BOB, listener)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layer.sendRequest(Messages.invite().as("ACK").build(), BOB, listener))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(layer.size()).isEqualTo(1);
    }

    @Test
    void sendStatelessCreatesNoTransaction() {
        SIPRequest ack = Messages.invite().as("ACK").toTag("bob-1").branch(TransactionLayer.newBranch()).build();

        layer.sendStateless(ack, BOB);

        assertThat(sender.sent()).extracting(RecordingSender.Sent::message).containsExactly(ack);
        assertThat(layer.size()).isZero();
    }
}
