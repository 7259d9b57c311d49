@echo off
rem SLM Workshop launcher for Windows (bin\slm.cmd of the runtime image); bin/slm is the same for bash.
rem   slm                      opens the desktop app
rem   slm COMMAND [OPTIONS]    runs a command-line command: corpora, train, sample, info, ... (slm --help)
rem   slm --backend cpu^|cuda^|auto ...  where models run (default %SLM_BACKEND%, else auto); the JVM checks the value
rem Environment: SLM_CACHE_DIR (native library cache, default %LOCALAPPDATA%\slm-workshop\cache),
rem              SLM_JAVA_OPTS (extra JVM options, e.g. -Xmx8g), SLM_BACKEND.
setlocal
set "SLM_HOME=%~dp0.."
set "BACKEND=%SLM_BACKEND%"
if "%BACKEND%"=="" set "BACKEND=auto"
rem OMP threads that spin starve the Java threads (see ND4J notes)
if "%OMP_WAIT_POLICY%"=="" set "OMP_WAIT_POLICY=PASSIVE"

set "OPTIONS=-Dslm.backend=%BACKEND% -Dslm.lessons="%SLM_HOME%\lessons" -Xmx4g"
if "%SLM_CACHE_DIR%"=="" (
    set "OPTIONS=%OPTIONS% -Dslm.cache=platform"
) else (
    set "OPTIONS=%OPTIONS% "-Dorg.bytedeco.javacpp.cachedir=%SLM_CACHE_DIR%" "-Djavafx.cachedir=%SLM_CACHE_DIR%\openjfx""
)

rem memory.options sizes the heap (jlink/memory.options); SLM_JAVA_OPTS come later and win
"%SLM_HOME%\runtime\bin\java.exe" "@%SLM_HOME%\app\jvm.options" "@%SLM_HOME%\app\memory.options" %OPTIONS% %SLM_JAVA_OPTS% -cp "%SLM_HOME%\app\*" org.slmworkshop.Launcher %*
exit /b %ERRORLEVEL%
