export namespace backup {
	
	export class Result {
	    path: string;
	    size: number;
	    // Go type: time
	    createdAt: any;
	    tables: Record<string, number>;
	    mediaFiles: number;
	    mediaBytes: number;
	    warnings: string[];
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
	        this.warnings = source["warnings"];
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
	    restoredFrom?: LastRestore;
	
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
	        this.restoredFrom = this.convertValues(source["restoredFrom"], LastRestore);
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
	
	    static createFrom(source: any = {}) {
	        return new EventPayloads(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.progress = this.convertValues(source["progress"], progress.Update);
	        this.error = this.convertValues(source["error"], uierr.Payload);
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
	    warnings: string[];
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
	        this.warnings = source["warnings"];
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
	    notes: string[];
	    safetyDamaged?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.preview = this.convertValues(source["preview"], Preview);
	        this.safetyBackup = source["safetyBackup"];
	        this.notes = source["notes"];
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
	    wrongPassword = "wrongPassword",
	    passwordNeeded = "passwordNeeded",
	}
	export class Payload {
	    code: Code;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Payload(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
	    }
	}

}

