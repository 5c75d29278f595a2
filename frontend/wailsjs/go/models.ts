export namespace auto {
	
	export class CloudOutcome {
	    result: string;
	    snapshot: string;
	    size: number;
	    message: string;
	    reason?: string;
	    warning?: notice.Notice;
	
	    static createFrom(source: any = {}) {
	        return new CloudOutcome(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.result = source["result"];
	        this.snapshot = source["snapshot"];
	        this.size = source["size"];
	        this.message = source["message"];
	        this.reason = source["reason"];
	        this.warning = this.convertValues(source["warning"], notice.Notice);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Outcome {
	    destination: string;
	    result: string;
	    file: string;
	    verified: boolean;
	    message: string;
	    // Go type: time
	    since?: any;
	    deleted: string[];
	    held?: string;
	
	    static createFrom(source: any = {}) {
	        return new Outcome(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.destination = source["destination"];
	        this.result = source["result"];
	        this.file = source["file"];
	        this.verified = source["verified"];
	        this.message = source["message"];
	        this.since = this.convertValues(source["since"], null);
	        this.deleted = source["deleted"];
	        this.held = source["held"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Report {
	    outcomes: Outcome[];
	    warnings: notice.Notice[];
	    cloud?: CloudOutcome;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.outcomes = this.convertValues(source["outcomes"], Outcome);
	        this.warnings = this.convertValues(source["warnings"], notice.Notice);
	        this.cloud = this.convertValues(source["cloud"], CloudOutcome);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace backup {
	
	export class Result {
	    path: string;
	    size: number;
	    // Go type: time
	    createdAt: any;
	    tables: Record<string, number>;
	    mediaFiles: number;
	    mediaBytes: number;
	    warnings: notice.Notice[];
	    damaged?: boolean;
	    encrypted?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.size = source["size"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.tables = source["tables"];
	        this.mediaFiles = source["mediaFiles"];
	        this.mediaBytes = source["mediaBytes"];
	        this.warnings = this.convertValues(source["warnings"], notice.Notice);
	        this.damaged = source["damaged"];
	        this.encrypted = source["encrypted"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace catalog {
	
	export class Backup {
	    path: string;
	    size: number;
	    // Go type: time
	    time: any;
	    safety: boolean;
	    format: string;
	    members: number;
	    photos: number;
	    verified: boolean;
	    encrypted: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Backup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.size = source["size"];
	        this.time = this.convertValues(source["time"], null);
	        this.safety = source["safety"];
	        this.format = source["format"];
	        this.members = source["members"];
	        this.photos = source["photos"];
	        this.verified = source["verified"];
	        this.encrypted = source["encrypted"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace crypt {
	
	export class Strength {
	    ok: boolean;
	    level: string;
	    hint: string;
	
	    static createFrom(source: any = {}) {
	        return new Strength(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.level = source["level"];
	        this.hint = source["hint"];
	    }
	}

}

export namespace main {
	
	export class LastBackup {
	    path: string;
	    // Go type: time
	    at: any;
	    size: number;
	
	    static createFrom(source: any = {}) {
	        return new LastBackup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.at = this.convertValues(source["at"], null);
	        this.size = source["size"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Overview {
	    dataDir: string;
	    dbPath: string;
	    dbSize: number;
	    members: number;
	    houses: number;
	    areas: number;
	    photos: number;
	    mediaBytes: number;
	    backupsDir: string;
	    lastBackup?: LastBackup;
	    backupOverdue: boolean;
	    restoredFrom?: restore.LastRestore;
	
	    static createFrom(source: any = {}) {
	        return new Overview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dataDir = source["dataDir"];
	        this.dbPath = source["dbPath"];
	        this.dbSize = source["dbSize"];
	        this.members = source["members"];
	        this.houses = source["houses"];
	        this.areas = source["areas"];
	        this.photos = source["photos"];
	        this.mediaBytes = source["mediaBytes"];
	        this.backupsDir = source["backupsDir"];
	        this.lastBackup = this.convertValues(source["lastBackup"], LastBackup);
	        this.backupOverdue = source["backupOverdue"];
	        this.restoredFrom = this.convertValues(source["restoredFrom"], restore.LastRestore);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AppState {
	    installed: boolean;
	    hasExistingData: boolean;
	    dataDir: string;
	    backupsDir: string;
	    safetyBackups: string;
	    version: string;
	    release: string;
	    commit: string;
	    language: string;
	    languageChosen: boolean;
	    overview?: Overview;
	    overviewError: string;
	    notice: string;
	    recovery: string;
	    problem: string;
	    problemError?: uierr.Payload;
	
	    static createFrom(source: any = {}) {
	        return new AppState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.installed = source["installed"];
	        this.hasExistingData = source["hasExistingData"];
	        this.dataDir = source["dataDir"];
	        this.backupsDir = source["backupsDir"];
	        this.safetyBackups = source["safetyBackups"];
	        this.version = source["version"];
	        this.release = source["release"];
	        this.commit = source["commit"];
	        this.language = source["language"];
	        this.languageChosen = source["languageChosen"];
	        this.overview = this.convertValues(source["overview"], Overview);
	        this.overviewError = source["overviewError"];
	        this.notice = source["notice"];
	        this.recovery = source["recovery"];
	        this.problem = source["problem"];
	        this.problemError = this.convertValues(source["problemError"], uierr.Payload);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CloudSnapshot {
	    id: string;
	    // Go type: time
	    time: any;
	    programVersion: string;
	    members: number;
	    houses: number;
	    areas: number;
	    mediaFiles: number;
	    size: number;
	
	    static createFrom(source: any = {}) {
	        return new CloudSnapshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.time = this.convertValues(source["time"], null);
	        this.programVersion = source["programVersion"];
	        this.members = source["members"];
	        this.houses = source["houses"];
	        this.areas = source["areas"];
	        this.mediaFiles = source["mediaFiles"];
	        this.size = source["size"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BackupList {
	    backups: catalog.Backup[];
	    warnings: notice.Notice[];
	    cloud: CloudSnapshot[];
	
	    static createFrom(source: any = {}) {
	        return new BackupList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.backups = this.convertValues(source["backups"], catalog.Backup);
	        this.warnings = this.convertValues(source["warnings"], notice.Notice);
	        this.cloud = this.convertValues(source["cloud"], CloudSnapshot);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BackupStatus {
	    level: string;
	    // Go type: time
	    lastAt?: any;
	    where: string;
	    here: boolean;
	    text: string;
	    alert: string;
	    // Go type: time
	    nextDue?: any;
	
	    static createFrom(source: any = {}) {
	        return new BackupStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.level = source["level"];
	        this.lastAt = this.convertValues(source["lastAt"], null);
	        this.where = source["where"];
	        this.here = source["here"];
	        this.text = source["text"];
	        this.alert = source["alert"];
	        this.nextDue = this.convertValues(source["nextDue"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CloseState {
	    running: boolean;
	    ran: boolean;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new CloseState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = source["running"];
	        this.ran = source["ran"];
	        this.error = source["error"];
	    }
	}
	export class CloudCheck {
	    exists: boolean;
	    snapshots: CloudSnapshot[];
	
	    static createFrom(source: any = {}) {
	        return new CloudCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.exists = source["exists"];
	        this.snapshots = this.convertValues(source["snapshots"], CloudSnapshot);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CloudSettings {
	    endpoint: string;
	    bucket: string;
	    prefix: string;
	    region: string;
	    plainHttp: boolean;
	    accessKey: string;
	    secretKey: string;
	    folder: string;
	    password: string;
	
	    static createFrom(source: any = {}) {
	        return new CloudSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.endpoint = source["endpoint"];
	        this.bucket = source["bucket"];
	        this.prefix = source["prefix"];
	        this.region = source["region"];
	        this.plainHttp = source["plainHttp"];
	        this.accessKey = source["accessKey"];
	        this.secretKey = source["secretKey"];
	        this.folder = source["folder"];
	        this.password = source["password"];
	    }
	}
	
	export class EncryptionStatus {
	    on: boolean;
	    keyId: string;
	
	    static createFrom(source: any = {}) {
	        return new EncryptionStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.on = source["on"];
	        this.keyId = source["keyId"];
	    }
	}
	export class EventPayloads {
	    progress: progress.Update;
	    error: uierr.Payload;
	    autoReport: auto.Report;
	    closeState: CloseState;
	
	    static createFrom(source: any = {}) {
	        return new EventPayloads(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.progress = this.convertValues(source["progress"], progress.Update);
	        this.error = this.convertValues(source["error"], uierr.Payload);
	        this.autoReport = this.convertValues(source["autoReport"], auto.Report);
	        this.closeState = this.convertValues(source["closeState"], CloseState);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class RecoverySheet {
	    keyId: string;
	    recoveryKey: string;
	    file: string;
	
	    static createFrom(source: any = {}) {
	        return new RecoverySheet(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.keyId = source["keyId"];
	        this.recoveryKey = source["recoveryKey"];
	        this.file = source["file"];
	    }
	}
	export class SettingsView {
	    settings: settings.Settings;
	    problem: string;
	    warnings: notice.Notice[];
	    backupsDir: string;
	    ask: boolean;
	    sameDiskOnly: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SettingsView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.settings = this.convertValues(source["settings"], settings.Settings);
	        this.problem = source["problem"];
	        this.warnings = this.convertValues(source["warnings"], notice.Notice);
	        this.backupsDir = source["backupsDir"];
	        this.ask = source["ask"];
	        this.sameDiskOnly = source["sameDiskOnly"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace notice {
	
	export class Notice {
	    code: string;
	    params: Record<string, string>;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new Notice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.params = source["params"];
	        this.text = source["text"];
	    }
	}

}

export namespace progress {
	
	export class Update {
	    phase: string;
	    bytesDone: number;
	    bytesTotal: number;
	    filesDone: number;
	    filesTotal: number;
	    current: string;
	
	    static createFrom(source: any = {}) {
	        return new Update(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.phase = source["phase"];
	        this.bytesDone = source["bytesDone"];
	        this.bytesTotal = source["bytesTotal"];
	        this.filesDone = source["filesDone"];
	        this.filesTotal = source["filesTotal"];
	        this.current = source["current"];
	    }
	}

}

export namespace restore {
	
	export class LastRestore {
	    path: string;
	    // Go type: time
	    backupCreatedAt?: any;
	    // Go type: time
	    at: any;
	
	    static createFrom(source: any = {}) {
	        return new LastRestore(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.backupCreatedAt = this.convertValues(source["backupCreatedAt"], null);
	        this.at = this.convertValues(source["at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Preview {
	    path: string;
	    size: number;
	    format: string;
	    // Go type: time
	    createdAt?: any;
	    programVersion: string;
	    tables: Record<string, number>;
	    members: number;
	    houses: number;
	    areas: number;
	    mediaFiles: number;
	    mediaBytes: number;
	    warnings: notice.Notice[];
	    encrypted?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Preview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.size = source["size"];
	        this.format = source["format"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	        this.programVersion = source["programVersion"];
	        this.tables = source["tables"];
	        this.members = source["members"];
	        this.houses = source["houses"];
	        this.areas = source["areas"];
	        this.mediaFiles = source["mediaFiles"];
	        this.mediaBytes = source["mediaBytes"];
	        this.warnings = this.convertValues(source["warnings"], notice.Notice);
	        this.encrypted = source["encrypted"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Result {
	    preview: Preview;
	    safetyBackup: string;
	    notes: notice.Notice[];
	    safetyDamaged?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.preview = this.convertValues(source["preview"], Preview);
	        this.safetyBackup = source["safetyBackup"];
	        this.notes = this.convertValues(source["notes"], notice.Notice);
	        this.safetyDamaged = source["safetyDamaged"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace retention {
	
	export class Policy {
	    keepLast: number;
	    keepDaily: number;
	    keepWeekly: number;
	    keepMonthly: number;
	
	    static createFrom(source: any = {}) {
	        return new Policy(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.keepLast = source["keepLast"];
	        this.keepDaily = source["keepDaily"];
	        this.keepWeekly = source["keepWeekly"];
	        this.keepMonthly = source["keepMonthly"];
	    }
	}

}

export namespace schedule {
	
	export class Schedule {
	    kind: string;
	    at?: string;
	    everyHours?: number;
	
	    static createFrom(source: any = {}) {
	        return new Schedule(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.at = source["at"];
	        this.everyHours = source["everyHours"];
	    }
	}

}

export namespace settings {
	
	export class Destination {
	    path: string;
	
	    static createFrom(source: any = {}) {
	        return new Destination(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	    }
	}
	export class Encryption {
	    publicKey?: string;
	    wrappedSecretKey?: string;
	
	    static createFrom(source: any = {}) {
	        return new Encryption(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.publicKey = source["publicKey"];
	        this.wrappedSecretKey = source["wrappedSecretKey"];
	    }
	}
	export class Settings {
	    version: number;
	    schedule: schedule.Schedule;
	    backupOnClose: boolean;
	    destinations: Destination[];
	    retention: retention.Policy;
	    encryption: Encryption;
	    language?: string;
	    destinationNotNow?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.schedule = this.convertValues(source["schedule"], schedule.Schedule);
	        this.backupOnClose = source["backupOnClose"];
	        this.destinations = this.convertValues(source["destinations"], Destination);
	        this.retention = this.convertValues(source["retention"], retention.Policy);
	        this.encryption = this.convertValues(source["encryption"], Encryption);
	        this.language = source["language"];
	        this.destinationNotNow = source["destinationNotNow"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace uierr {
	
	export enum Code {
	    cancelled = "cancelled",
	    busy = "busy",
	    noSpace = "noSpace",
	    inUse = "inUse",
	    damaged = "damaged",
	    notABackup = "notABackup",
	    notRegister = "notRegister",
	    unsafe = "unsafe",
	    unsupported = "unsupported",
	    nothingToBackUp = "nothingToBackUp",
	    badDestination = "badDestination",
	    noDatabase = "noDatabase",
	    noFile = "noFile",
	    notFound = "notFound",
	    noPermission = "noPermission",
	    unfinished = "unfinished",
	    failed = "failed",
	    passwordNeeded = "passwordNeeded",
	    wrongPassword = "wrongPassword",
	    wrongCredentials = "wrongCredentials",
	    noBucket = "noBucket",
	    unreachable = "unreachable",
	    notInitialized = "notInitialized",
	    alreadyInitialized = "alreadyInitialized",
	    notConnected = "notConnected",
	    noSnapshot = "noSnapshot",
	}
	export class Payload {
	    code: Code;
	    message: string;
	    dataUnchanged: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Payload(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
	        this.dataUnchanged = source["dataUnchanged"];
	    }
	}

}

