#!/bin/sh
# A stand-in training program for the local engine's tests: reads --x, --y, optional --epochs, --sleep,
# --metrics-file, --format, --exit and --read-stdin (reads standard input to its end), and prints (or writes) loss
# and accuracy per epoch as Katib's collectors expect.
epochs=1; sleep_s=0; file=""; format="TEXT"; exit_code=0
for arg in "$@"; do
  case "$arg" in
    --x=*) x="${arg#--x=}" ;;
    --y=*) y="${arg#--y=}" ;;
    --epochs=*) epochs="${arg#--epochs=}" ;;
    --sleep=*) sleep_s="${arg#--sleep=}" ;;
    --metrics-file=*) file="${arg#--metrics-file=}" ;;
    --format=*) format="${arg#--format=}" ;;
    --exit=*) exit_code="${arg#--exit=}" ;;
    --read-stdin) cat > /dev/null ;;
  esac
done
echo "trial ${KATIB_TRIAL_NAME} in ${KATIB_TRIAL_DIR} with x=$x y=$y"
e=1
while [ "$e" -le "$epochs" ]; do
  line=$(awk -v x="$x" -v y="$y" -v e="$e" -v n="$epochs" \
    'BEGIN { l = (x-1)^2 + (y+2)^2 + (n-e); printf "%.6f %.6f", l, 1/(1+l) }')
  loss=${line% *}; acc=${line#* }
  if [ -z "$file" ]; then
    echo "epoch=$e loss=$loss accuracy=$acc"
  elif [ "$format" = "JSON" ]; then
    mkdir -p "$(dirname "$file")"; echo "{\"epoch\": \"$e\", \"loss\": \"$loss\", \"accuracy\": \"$acc\"}" >> "$file"
  else
    mkdir -p "$(dirname "$file")"; echo "loss=$loss accuracy=$acc" >> "$file"
  fi
  [ "$sleep_s" != "0" ] && sleep "$sleep_s"
  e=$((e+1))
done
[ "$exit_code" != "0" ] && echo "train.sh: giving up with exit code $exit_code" >&2
exit "$exit_code"
