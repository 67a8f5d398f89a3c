# make run   -> set up (first time) and start the app with SQLite and demo data
# make test  -> the whole test suite (SQLite; TEST_DATABASE_URL=postgresql://... for PostgreSQL)
VENV ?= .venv
PYTHON ?= python3
PORT ?= 5000
BIN = $(VENV)/bin
FLASK = MODESTED_ENV=development $(BIN)/flask --app webapp

.PHONY: run test setup browser lint demo translations pwa-images pageweight push-fanout

setup: $(VENV)/.installed translations

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

translations: $(VENV)/.installed
	$(FLASK) translate compile >/dev/null

# Debian's Chromium and fonts for every script the app shows (Arabic, Ethiopic, emoji icons);
# dbus-daemon, python3-dbus and python3-gi for the notification-click tests (a stand-in
# desktop notification service that taps a notification the way a phone does).
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans Arabic" \
	    || [ ! -x /usr/bin/dbus-daemon ] \
	    || ! /usr/bin/python3 -c "import dbus, gi" 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
	    chromium fonts-noto-core fonts-noto-color-emoji dbus-daemon python3-dbus python3-gi; \
	fi

run: setup
	$(FLASK) db upgrade
	$(FLASK) demo
	@echo ""
	@echo "  Mødested runs at http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"
	@echo ""
	@# The task worker (push fan-out, reminders, nightly purge) runs beside the web server,
	@# on the SQLite queue in instance/tasks.db; Ctrl+C stops both.
	$(FLASK) worker --workers 2 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup browser
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Icons (192, 512, maskable, Apple) from static/icons/icon.svg, and the manifest's screenshots.
pwa-images: setup browser
	$(BIN)/python scripts/make_pwa_images.py

# Bytes a phone transfers for a group page: first visit, repeat visit, offline.
pageweight: setup browser
	$(BIN)/python bench/pageweight

# Push fan-out: one announcement to 10,000 subscriptions on a local push-service sink.
push-fanout: setup
	$(BIN)/python bench/push_fanout
