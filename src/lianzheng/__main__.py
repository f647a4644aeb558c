from lianzheng.cli import main

main()
