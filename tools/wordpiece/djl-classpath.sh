#!/bin/sh
# Prints the class path of DJL's Hugging Face tokenizers 0.38.0 and its dependencies in ~/.m2, fetched with
#   mvn -q dependency:get -Dartifact=ai.djl.huggingface:tokenizers:0.38.0
m=${M2_REPO:-$HOME/.m2/repository}
for j in ai/djl/huggingface/tokenizers/0.38.0/tokenizers-0.38.0.jar ai/djl/api/0.38.0/api-0.38.0.jar \
         com/google/code/gson/gson/2.13.1/gson-2.13.1.jar net/java/dev/jna/jna/5.17.0/jna-5.17.0.jar \
         org/apache/commons/commons-compress/1.27.1/commons-compress-1.27.1.jar org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar; do
  [ -f "$m/$j" ] || { echo "missing $m/$j: mvn -q dependency:get -Dartifact=ai.djl.huggingface:tokenizers:0.38.0" >&2; exit 1; }
  printf '%s:' "$m/$j"
done
