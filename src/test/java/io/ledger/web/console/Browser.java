package io.ledger.web.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven through Debian's chromedriver, headless, with a fresh profile. The
 * driver and browser paths are given explicitly so that Selenium Manager never downloads anything.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    Browser(int port, String language) {
        this(port, language, "1280,1400");
    }

    Browser(int port, String language, String windowSize) {
        this.base = "http://127.0.0.1:" + port;
        try {
            this.profile = Files.createTempDirectory("console-browser");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=" + windowSize, "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    void open(String path) {
        driver.get(base + path);
    }

    void signIn(String user) {
        open("/login");
        type(By.id("username"), user);
        type(By.id("password"), user);
        clickAndWait(By.id("sign-in"));
    }

    void type(By field, String text) {
        WebElement element = driver.findElement(field);
        element.clear();
        element.sendKeys(text);
    }

    /** Sets a date input's value the same way in every browser language. */
    void date(By field, String isoDate) {
        driver.executeScript("arguments[0].value = arguments[1]", driver.findElement(field), isoDate);
    }

    /** Clicks something that loads a new page, and waits until the old one is gone. */
    void clickAndWait(By target) {
        // a mark on the old page's window object: gone once the browser shows the next page
        driver.executeScript("window.ledgerOldPage = true");
        driver.findElement(target).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(WebDriverException.class).until(d -> Boolean.TRUE
                .equals(driver.executeScript("return window.ledgerOldPage !== true && document.readyState === 'complete'")));
    }

    /** Types into whatever has the keyboard focus, as a user at the keyboard would. */
    void keys(CharSequence... keys) {
        driver.switchTo().activeElement().sendKeys(keys);
    }

    void waitForPath(String path) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains(path));
    }

    /** Whether the page is wider than the window (a narrow screen would have to scroll sideways). */
    boolean overflowsSideways() {
        return (Boolean) driver.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
    }

    /** Whether Chart.js has drawn a chart on this canvas. */
    boolean hasChart(By canvas) {
        return (Boolean) driver.executeScript("return typeof Chart !== 'undefined' && Chart.getChart(arguments[0]) != null",
                driver.findElement(canvas));
    }

    String text(By target) {
        return driver.findElement(target).getText();
    }

    String value(By target) {
        return driver.findElement(target).getDomProperty("value");
    }

    List<WebElement> all(By target) {
        return driver.findElements(target);
    }

    String page() {
        return driver.getPageSource();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String title() {
        return driver.getTitle();
    }

    /** Writes a screenshot of the page under target/console-screenshots. */
    Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "console-screenshots"));
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
