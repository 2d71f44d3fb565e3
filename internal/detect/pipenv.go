package detect

// ManagerPipenv installs from Pipfile.lock with Pipenv.
const ManagerPipenv Manager = "pipenv"
