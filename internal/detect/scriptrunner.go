package detect

// A console script that starts a UI framework's own server (tgcf-web's
// os.system("streamlit run …")): the program serves, on the runner's
// port, though no app object or server call is in the code.

// uiLaunch returns the UI runner a line of code starts, or nil.
func uiLaunch(text string) *uiRunner {
	for i := range uiRunners {
		if re := uiRunners[i].Launch; re != nil && re.MatchString(text) {
			return &uiRunners[i]
		}
	}
	return nil
}

// scriptRunnerServes makes the chosen console script's runner the serving
// evidence: kind web, the runner's port.
func (f *Facts) scriptRunnerServes() {
	l := f.ScriptRun
	if l == nil || l.Runner == "" {
		return
	}
	r := UIRunner(l.Runner)
	if r == nil {
		return
	}
	f.Serves = &Serving{What: r.Name + "'s own server, which the console script " + l.Argv[0] + " starts", Source: l.RunnerFrom, Runner: r.Name}
}
