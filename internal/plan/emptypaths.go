package plan

import (
	"regexp"
	"slices"
	"strconv"

	"github.com/pydock/pydock/internal/detect"
)

// An empty value in the authors' .env.example reaches the app through the
// .env copied from it: os.getenv("X", default) then returns "" instead of
// the default, and code that uses it as a path (os.path.join(X, "uploads"))
// gets a path relative to the working directory (FitTrackee's
// UPLOAD_FOLDER). pydock's credentials file, read after .env, can give it
// the code's own default when that is a literal; an expression it cannot
// write is a warning instead.

// plainPathValue is a default pydock writes into an env file as it is: no
// quote, space, $ (compose would interpolate it) or control character.
var plainPathValue = regexp.MustCompile(`^[A-Za-z0-9_./~-]{1,200}$`)

// chooseEmptyPaths reads the listing's empty variables the code uses as
// paths with a default.
func (p *Plan) chooseEmptyPaths(f *detect.Facts, l *detect.EnvListing) {
	image := p.imageEnv()
	for _, v := range l.Vars {
		if v.Value != "" {
			continue
		}
		if val, ok := image[v.Name]; ok {
			// A data folder the image moves to /data: .env.pydock gives it
			// the image's value back over the empty one. Anything else is
			// warned about as a listed value over the image's ENV.
			if val == DataDirPath && slices.Contains(p.DataEnv, EnvVar{v.Name, val}) {
				p.emptyPaths = append(p.emptyPaths, EnvVar{v.Name, val})
				p.decide("empty path "+v.Name, val, l.File+":"+strconv.Itoa(v.Line)+" leaves it empty, which a .env copied from it passes over the image's ENV "+v.Name+"="+val+": "+detect.CredentialsFile+" gives it that value, after .env")
			}
			continue
		}
		if slices.ContainsFunc(p.Services, func(s Service) bool {
			return slices.ContainsFunc(s.AppEnv, func(e EnvVar) bool { return e.Name == v.Name })
		}) {
			continue // compose sets it
		}
		i := slices.IndexFunc(f.EnvUses, func(u detect.EnvUse) bool { return u.Name == v.Name && u.Path })
		if i < 0 {
			continue
		}
		u := f.EnvUses[i]
		at := l.File + ":" + strconv.Itoa(v.Line)
		if plainPathValue.MatchString(u.Default) {
			p.emptyPaths = append(p.emptyPaths, EnvVar{v.Name, u.Default})
			p.decide("empty path "+v.Name, u.Default, at+" leaves it empty and "+u.Source.String()+" uses it as a path with that default: "+detect.CredentialsFile+" gives it the default, after .env")
			continue
		}
		def := "its default"
		if u.Fallback != "" {
			def = "its default, " + u.Fallback + ","
		}
		where := "its working directory, which the app user cannot write"
		if p.RunDir != "" {
			where = "its working directory, " + p.RunDir
		}
		p.ComposeWarnings = append(p.ComposeWarnings, at+": "+v.Name+" is empty there: a .env copied from it passes \"\" to the app, and "+u.Source.String()+" uses it as a path, so the app gets a path relative to "+where+"; "+def+" applies only when "+v.Name+" is unset: delete the line from .env, or set it to a folder the app user can write (under /data, with a volume)")
	}
}
