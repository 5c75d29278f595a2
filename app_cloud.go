package main

import (
	"context"
	"errors"
	"time"

	"mahall/backend/cloud"
	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/backend/restore"
)

// CloudSettings is the cloud copy as the settings page and the wizard ask
// for it: where (an S3-compatible bucket, or a folder), the keys and the
// backup password. Nothing of it is kept by the UI: the app keeps the
// connection in DATA/cloud (package cloud, the keys protected at rest).
type CloudSettings struct {
	Endpoint  string `json:"endpoint"` // host[:port], no scheme
	Bucket    string `json:"bucket"`
	Prefix    string `json:"prefix"`
	Region    string `json:"region"`
	PlainHTTP bool   `json:"plainHttp"`
	AccessKey string `json:"accessKey"`
	SecretKey string `json:"secretKey"`
	Folder    string `json:"folder"` // a folder instead of a bucket
	Password  string `json:"password"`
}

func (s CloudSettings) location() cloud.Location {
	return cloud.Location{Endpoint: s.Endpoint, Bucket: s.Bucket, Prefix: s.Prefix, Region: s.Region,
		PlainHTTP: s.PlainHTTP, AccessKey: s.AccessKey, SecretKey: s.SecretKey, Path: s.Folder}
}

// CloudSnapshot is one cloud snapshot as the UI lists it.
type CloudSnapshot struct {
	ID         string    `json:"id"`
	Time       time.Time `json:"time"`
	Version    string    `json:"programVersion"`
	Members    int64     `json:"members"`
	Houses     int64     `json:"houses"`
	Areas      int64     `json:"areas"`
	MediaFiles int64     `json:"mediaFiles"`
	Size       int64     `json:"size"`
}

func toCloudSnapshot(s cloud.Snapshot) CloudSnapshot {
	return CloudSnapshot{ID: s.ID, Time: s.Time, Version: s.Version, Members: s.Counts["society_member"],
		Houses: s.Counts["society_house"], Areas: s.Counts["society_area"],
		MediaFiles: s.Counts[cloud.MediaFilesCount], Size: s.Size}
}

// CloudCheck is the plain answer of "Test connection".
type CloudCheck struct {
	// Exists: there is a cloud copy at that place and the password opens
	// it; false: the place answers but holds none yet (saving sets one up).
	Exists    bool            `json:"exists"`
	Snapshots []CloudSnapshot `json:"snapshots"` // newest first
}

// CloudConnection is where this data folder's cloud copy goes (endpoint,
// bucket and prefix, or a folder), never the keys or the password; nil when
// there is no connection.
func (a *App) CloudConnection() (*CloudSettings, error) {
	if !cloud.Connected(a.layout.Cloud()) {
		return nil, nil
	}
	loc, err := cloud.Where(a.layout.Cloud())
	if err != nil {
		return nil, err
	}
	return &CloudSettings{Endpoint: loc.Endpoint, Bucket: loc.Bucket, Prefix: loc.Prefix, Region: loc.Region,
		PlainHTTP: loc.PlainHTTP, Folder: loc.Path}, nil
}

// TestCloudConnection tries the place, the keys and the password without
// keeping anything. It rejects with the cloud copy's codes (unreachable,
// wrongCredentials, noBucket, wrongPassword).
func (a *App) TestCloudConnection(s CloudSettings) (CloudCheck, error) {
	ctx := a.ctx
	r, release, err := cloud.ConnectTemporary(ctx, s.location(), s.Password)
	if errors.Is(err, cloud.ErrNotInitialized) {
		return CloudCheck{Exists: false, Snapshots: []CloudSnapshot{}}, nil
	}
	if err != nil {
		return CloudCheck{}, err
	}
	defer release()
	return listCloud(ctx, r)
}

func listCloud(ctx context.Context, r *cloud.Repository) (CloudCheck, error) {
	snaps, err := r.List(ctx)
	if err != nil {
		return CloudCheck{}, err
	}
	out := CloudCheck{Exists: true, Snapshots: make([]CloudSnapshot, 0, len(snaps))}
	for _, s := range snaps {
		out.Snapshots = append(out.Snapshots, toCloudSnapshot(s))
	}
	return out, nil
}

// SaveCloudSettings connects this computer to the cloud copy at s, setting
// up a new one there when the place holds none, and keeps the connection
// for the automatic backups. It returns what the cloud copy holds.
func (a *App) SaveCloudSettings(s CloudSettings) (CloudCheck, error) {
	ctx := a.ctx
	// Tried on a connection of its own first: a mistake in the settings
	// must not replace a working connection.
	_, release, err := cloud.ConnectTemporary(ctx, s.location(), s.Password)
	exists := err == nil
	if exists {
		release()
	} else if !errors.Is(err, cloud.ErrNotInitialized) {
		return CloudCheck{}, err
	}
	f, err := folder.Open(ctx, a.layout.Root, folder.Options{Create: true})
	if err != nil {
		return CloudCheck{}, err
	}
	defer f.Close()
	var r *cloud.Repository
	if exists {
		r, err = cloud.Connect(ctx, f.Cloud(), s.location(), s.Password)
	} else {
		r, err = cloud.Init(ctx, f.Cloud(), s.location(), s.Password)
	}
	if err != nil {
		return CloudCheck{}, err
	}
	defer r.Close(ctx)
	return listCloud(ctx, r)
}

// RestoreFromCloud replaces the data with cloud snapshot id (the newest
// when "") of the cloud copy at s, through the same checks, safety backup
// and journalled swap as a backup file, and keeps the connection, so this
// computer goes on making cloud copies to the same place.
func (a *App) RestoreFromCloud(s CloudSettings, id string) (restore.Result, error) {
	return runOp(a, opRestore, func(ctx context.Context, report progress.Func) (restore.Result, error) {
		r, release, err := cloud.ConnectTemporary(ctx, s.location(), s.Password)
		if err != nil {
			return restore.Result{}, err
		}
		defer release()
		return a.replaceData(ctx, folder.Options{Create: true}, func(f *folder.Folder) (restore.Result, error) {
			res, err := a.restoreCloud(ctx, f, r, id, report)
			if err != nil {
				return res, err
			}
			if kept, err := cloud.Connect(ctx, f.Cloud(), s.location(), s.Password); err != nil {
				// The data is restored; only the next cloud copy needs the settings again.
				a.log.Warn("keep the cloud connection", "err", err)
			} else {
				kept.Close(ctx)
			}
			return res, nil
		})
	})
}

// restoreCloud restores snapshot id of r into f and records it as the last
// restore.
func (a *App) restoreCloud(ctx context.Context, f *folder.Folder, r *cloud.Repository, id string, report progress.Func) (restore.Result, error) {
	res, _, err := cloud.RestoreFolder(ctx, f, r, id, restore.Options{Now: a.now}, report)
	if err != nil {
		return res, err
	}
	a.logUnrecorded(res)
	return res, nil
}

// listConnectedCloud lists the snapshots of this data folder's cloud copy.
func (a *App) listConnectedCloud(ctx context.Context) (CloudCheck, error) {
	r, err := cloud.Open(ctx, a.layout.Cloud())
	if err != nil {
		return CloudCheck{}, err
	}
	defer r.Close(ctx)
	return listCloud(ctx, r)
}

// RestoreCloudSnapshot restores snapshot id of this data folder's own cloud
// copy (a row of the history list), through the same checks, safety backup
// and journalled swap as any restore.
func (a *App) RestoreCloudSnapshot(id string) (restore.Result, error) {
	return runOp(a, opRestore, func(ctx context.Context, report progress.Func) (restore.Result, error) {
		return a.replaceData(ctx, folder.Options{}, func(f *folder.Folder) (restore.Result, error) {
			r, err := cloud.Open(ctx, f.Cloud())
			if err != nil {
				return restore.Result{}, err
			}
			defer r.Close(ctx)
			return a.restoreCloud(ctx, f, r, id, report)
		})
	})
}
