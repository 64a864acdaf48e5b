"""Entity recognition: a CRF over newmm tokens, gazetteers and rules, merged into `Doc.ents` with kb ids."""
