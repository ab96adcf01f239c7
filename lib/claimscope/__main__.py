from claimscope.cli import main

raise SystemExit(main())
