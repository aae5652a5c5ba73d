// A recording stand-in for the `electron` module, for electron/main/wiring.test.ts only: the
// Electron binary is not available here, and the test checks what main.ts asks Electron to do.
const calls = [];
const record =
  (name) =>
  (...args) => {
    calls.push([name, ...args]);
  };

class BrowserWindow {
  constructor(options) {
    this.options = options;
    this.webContents = { send: record('webContents.send') };
    calls.push(['new BrowserWindow', options]);
  }
  once(...a) {
    calls.push(['win.once', ...a]);
  }
  on(...a) {
    calls.push(['win.on', ...a]);
  }
  loadURL(url) {
    calls.push(['win.loadURL', url]);
    return Promise.resolve();
  }
  isMinimized() {
    return false;
  }
  restore() {
    calls.push(['win.restore']);
  }
  focus() {
    calls.push(['win.focus']);
  }
}

let appPath = '/nonexistent';
let readyResolve;
const ready = new Promise((resolve) => {
  readyResolve = resolve;
});

module.exports = {
  calls,
  setAppPath: (p) => {
    appPath = p;
  },
  fireReady: () => readyResolve(),
  app: {
    enableSandbox: record('app.enableSandbox'),
    on: record('app.on'),
    quit: record('app.quit'),
    exit: record('app.exit'),
    requestSingleInstanceLock: () => true,
    whenReady: () => ready,
    getAppPath: () => appPath,
    getPath: (name) => `${appPath}/user-${name}`,
    getName: () => 'face-deblur',
    getVersion: () => '0.0.0-wiring',
  },
  BrowserWindow,
  dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
  ipcMain: { handle: record('ipcMain.handle') },
  shell: {
    openPath: async (p) => {
      calls.push(['shell.openPath', p]);
      return '';
    },
    showItemInFolder: record('shell.showItemInFolder'),
  },
  protocol: {
    registerSchemesAsPrivileged: record('protocol.registerSchemesAsPrivileged'),
    handle: record('protocol.handle'),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: record('session.setPermissionRequestHandler'),
      setPermissionCheckHandler: record('session.setPermissionCheckHandler'),
    },
  },
};
