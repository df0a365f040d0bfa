# parallax: the two commands a newcomer needs, and a few for developers.
.PHONY: demo test build fuzz

demo:
	go run ./cmd/parallax demo

test:
	./scripts/test.sh

build:
	go build -o bin/parallax ./cmd/parallax

# Runs every fuzz target for FUZZTIME each (default 30s).
FUZZTIME ?= 30s
fuzz:
	./scripts/fuzz.sh $(FUZZTIME)
