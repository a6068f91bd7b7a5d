#!/usr/bin/env bash
# Regenerates Atende's Brazilian Portuguese built-in prompts: the demo IVR's (issue 4), and the ACD's (issue 11):
# number words, estimated wait and position in queue, agent feature codes, callback.
#
# Voice: espeak-ng 1.51, voice "pt-br" (the built-in formant voice, no MBROLA), speed 160 words/min
# (-s 160, a little under the default 175 so digits and menu options are easy to follow over a phone
# line), pitch 50 (-p 50, the default), amplitude 100 (-a 100; the level is normalised afterwards anyway).
#
# Each text goes through sox (no dither, -D, so a rerun gives identical bytes):
#   espeak-ng (22050 Hz) -> trim leading and trailing silence below -45 dBFS -> 100 ms of silence
#   at each end -> resample to 8000 Hz (sox's band-limited "rate", high quality) -> peak normalised to
#   -3 dBFS -> 8000 Hz mono 16-bit PCM WAV with the canonical 44-byte header (RIFF, 'fmt ' 16 bytes, 'data').
# The number words (numeros/) are played back to back ("vinte" "e" "um"), so they keep only 30 ms of silence at
# each end: 200 ms between the words of one number sounds like a list, not a number.
#
# Output: media/src/main/resources/org/atende/prompts/pt-BR/*.wav, digitos/, numeros/, agente/ and retorno/.
# Needs: espeak-ng, sox (apt-get install -y espeak-ng sox).
# Usage: tools/prompts/make-demo-prompts.sh   (from anywhere; paths are relative to the repository)
set -euo pipefail

VOICE=pt-br
SPEED=160
PITCH=50
AMPLITUDE=100
SILENCE_THRESHOLD=-45d   # below this is trimmed as silence
EDGE_SILENCE=0.1         # seconds of silence kept at each end
WORD_EDGE_SILENCE=0.03   # the same for the number words, which are joined into numbers
PEAK_DBFS=-3

for tool in espeak-ng sox; do
    command -v "$tool" >/dev/null || { echo "$0: $tool not found (apt-get install -y espeak-ng sox)" >&2; exit 1; }
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
out="$repo/media/src/main/resources/org/atende/prompts/pt-BR"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/digitos" "$out/numeros" "$out/agente" "$out/retorno"

# make NAME TEXT [EDGE]: writes $out/NAME.wav with EDGE seconds of silence at each end (default EDGE_SILENCE)
make() {
    local name=$1 text=$2 edge=${3:-$EDGE_SILENCE} target="$out/$1.wav"
    espeak-ng -v "$VOICE" -s "$SPEED" -p "$PITCH" -a "$AMPLITUDE" -w "$work/raw.wav" -- "$text"
    sox -D -V1 "$work/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$target" \
        silence 1 0.01 "$SILENCE_THRESHOLD" reverse silence 1 0.01 "$SILENCE_THRESHOLD" reverse \
        pad "$edge" "$edge" \
        rate -h 8000 \
        gain -n "$PEAK_DBFS"
    # Atende's loader accepts extra chunks, but the shipped files are kept canonical: 'data' at byte 36.
    if [[ $(head -c 40 "$target" | tail -c 4) != data ]]; then
        echo "$0: $target has no canonical 44-byte header" >&2
        exit 1
    fi
    printf '%-32s %6.2f s  %s\n' "${target#"$out"/}" "$(soxi -D "$target")" "$text"
}

make bem-vindo        "Bem-vindo à central de atendimento Atende."
make gravacao         "Esta ligação poderá ser gravada para garantir a qualidade do atendimento."
make menu-principal   "Para suporte técnico, tecle 1. Financeiro, tecle 2. Vendas, tecle 3. Para falar com um atendente, tecle 0."
make opcao-invalida   "Opção inválida."
make nao-entendi      "Não recebemos sua opção."
make transferindo     "Aguarde, estamos transferindo sua ligação."
make fora-do-horario  "Nosso horário de atendimento é de segunda a sexta, das oito às dezoito horas."
make obrigado         "Obrigado por ligar. Até logo."
make digite-cpf       "Digite seu CPF, seguido da tecla sustenido."
make voce-digitou     "Você digitou"
make confirmar        "Tecle 1 para confirmar, ou 2 para digitar novamente."
make csat             "De 1 a 5, qual é a sua satisfação com o atendimento?"
make aguarde          "Todos os nossos atendentes estão ocupados. Por favor, aguarde: sua ligação será atendida em breve."
make posicao-na-fila  "Sua posição na fila é"
make nps              "De 0 a 10, o quanto você recomendaria a nossa empresa a um amigo? Para 10, tecle asterisco."

digits=(zero um dois três quatro cinco seis sete oito nove)
for d in "${!digits[@]}"; do
    make "digitos/$d" "${digits[$d]}"
done

# Number words (issue 11): enough to say any integer 0 .. 999 999 (org.atende.ivr.speech.SpokenNumbers).
# NAME is the value; an "f" suffix marks the feminine form where Portuguese has one (uma, duas, duzentas ...).
word() {
    make "numeros/$1" "$2" "$WORD_EDGE_SILENCE"
}
units=(zero um dois três quatro cinco seis sete oito nove dez onze doze treze catorze quinze dezesseis dezessete
       dezoito dezenove)
for n in "${!units[@]}"; do
    word "$n" "${units[$n]}"
done
word 1f uma
word 2f duas
tens=(vinte trinta quarenta cinquenta sessenta setenta oitenta noventa)
for i in "${!tens[@]}"; do
    word "$(( (i + 2) * 10 ))" "${tens[$i]}"
done
word 100   cem
word cento cento
hundreds=(duzent trezent quatrocent quinhent seiscent setecent oitocent novecent)
for i in "${!hundreds[@]}"; do
    word "$(( (i + 2) * 100 ))"  "${hundreds[$i]}os"
    word "$(( (i + 2) * 100 ))f" "${hundreds[$i]}as"
done
word 1000 mil
# The conjunction "e" is said [i]; espeak-ng reads a lone "e" as the letter's name, "é".
word e i

# Estimated wait and position in queue (issue 11; posicao-na-fila above). org.atende.ivr.speech.QueueSpeech.
# Position 1 is said of the call, not the caller ("a próxima"), so that it fits a caller of either gender.
make espera-estimada     "O tempo estimado de espera é de"
make minuto              "minuto"
make minutos             "minutos"
make menos-de-um-minuto  "menos de um minuto"
make mais-de             "mais de"
make cerca-de            "cerca de"
make proxima-a-ser-atendida "Sua ligação é a próxima a ser atendida."

# Agent feature codes (issue 11): log in and out, pause. "Pendente": a pause or a logout asked for while the
# agent is busy takes effect when the current call, and its wrap-up, ends. The wording leaves out the agent's
# gender ("a desconexão", not "você será desconectado").
make agente/digite-numero        "Digite o número do agente, seguido de sustenido."
make agente/digite-senha         "Digite sua senha, seguida de sustenido."
make agente/senha-incorreta      "Senha incorreta."
make agente/agente               "Agente"
make agente/conectado            "conectado."
make agente/desconectado         "desconectado."
make agente/em-pausa             "em pausa."
make agente/pausa-encerrada      "Pausa encerrada."
make agente/pausa-pendente       "A pausa começa ao fim do atendimento atual."
make agente/saida-pendente       "A desconexão acontece ao fim do atendimento atual."
make agente/codigo-invalido      "Código inválido."
make agente/digite-codigo-pausa  "Digite o código da pausa."

# Callback (issue 11): the caller keeps its place in the queue and is called back; the agent is told first.
make retorno/oferta              "Para receber uma ligação de volta sem perder seu lugar na fila, digite 1."
make retorno/vamos-ligar-para    "Vamos ligar para o número"
make retorno/confirmar-numero    "Se estiver correto, digite 1. Para informar outro número, digite 2."
make retorno/digite-numero       "Digite o número com DDD, seguido de sustenido."
make retorno/numero-invalido     "Número inválido."
make retorno/agendado            "Pronto: ligaremos para você quando chegar a sua vez. Obrigado."
make retorno/chamada-de-retorno  "Chamada de retorno."
make retorno/indisponivel        "No momento não é possível agendar o retorno. Por favor, continue aguardando."

du -cb "$out"/*.wav "$out"/*/*.wav | tail -1 | awk '{ printf "total %d bytes\n", $1 }'
