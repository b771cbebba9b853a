"""The demo app's commands: load_demo loads the demo programme, rundemo serves it."""
