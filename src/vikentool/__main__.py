from vikentool.cli import main

main()
