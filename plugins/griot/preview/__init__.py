"""The live preview and the command line behind the invoke tasks: build, serve, rebuild on
save (an edited article is read again alone and only what it changes is written again)."""
